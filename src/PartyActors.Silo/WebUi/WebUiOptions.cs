using System.ComponentModel.DataAnnotations;

namespace PartyActors.Silo.WebUi;

/// <summary>
/// The supervisors' dashboard (<c>/</c>) and the member page (<c>/m/</c>), from configuration
/// section <c>WebUi</c>: stream tickets and the thresholds that colour the dashboard's tiles
/// (served to the page by <c>GET /api/v1/dashboard/settings</c>; docs/dashboard.md).
/// </summary>
internal sealed class WebUiOptions
{
    public const string Section = "WebUi";

    /// <summary>
    /// How long a stream ticket may be used to open a roll-up stream: 60 seconds. A browser's
    /// EventSource cannot send a bearer header, so the page trades its token for a ticket just before
    /// it connects; a stream once open is not cut when its ticket expires, and a page that reconnects
    /// asks for a new one. Short, because a ticket travels in the URL (and so in access logs).
    /// </summary>
    public TimeSpan StreamTicketLifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Whether the silo serves the pages at all: true. A silo run only as an API (or behind another
    /// web server that serves the built files) can turn them off; the API routes stay.
    /// </summary>
    public bool ServePages { get; set; } = true;

    /// <summary>The red / yellow / green thresholds of the dashboard's tiles and table rows.</summary>
    [Required]
    public DashboardThresholds Thresholds { get; set; } = new();
}

/// <summary>
/// Where each indicator turns yellow and red. For an indicator where more is better a value at or
/// above <see cref="TrafficLight.Green"/> is green, at or above <see cref="TrafficLight.Yellow"/>
/// yellow, below it red; for one where less is better the comparisons turn round. An indicator
/// without a denominator (no in-service members, no ratings, no meetings required) is grey; an
/// overdue rate with nothing open is 0 %.
/// </summary>
internal sealed class DashboardThresholds
{
    /// <summary>
    /// 报到率: in-service members reported in (<c>reportedIn / inService</c>, percent); more is better.
    /// Green from 90 %, yellow from 70 %: the double report-in (双报到) is expected of every
    /// in-service member, and under 70 % is a community the street follows up.
    /// </summary>
    public TrafficLight ReportInRate { get; set; } = new() { Green = 90, Yellow = 70 };

    /// <summary>
    /// Residents' satisfaction: average stars of closed requests (<c>satisfactionSum / satisfactionCount</c>,
    /// 1–5); more is better. Green from 4.5, yellow from 4.0.
    /// </summary>
    public TrafficLight Satisfaction { get; set; } = new() { Green = 4.5, Yellow = 4.0 };

    /// <summary>
    /// Open requests past their deadline (<c>requestsOverdue / requestsOpen</c>, percent); less is
    /// better. Green at 0 %, yellow up to 10 %: any overdue request is a finding.
    /// </summary>
    public TrafficLight RequestsOverdueRate { get; set; } = new() { Green = 0, Yellow = 10 };

    /// <summary>
    /// Open commitments past their due date (<c>commitmentsOverdue / commitmentsOpen</c>, percent);
    /// less is better. Green at 0 %, yellow up to 10 %.
    /// </summary>
    public TrafficLight CommitmentsOverdueRate { get; set; } = new() { Green = 0, Yellow = 10 };

    /// <summary>
    /// 组织生活: required meetings held with quorum this cycle (<c>meetingsHeld / meetingsRequired</c>,
    /// percent); more is better. Green at 100 %, yellow from 80 %.
    /// </summary>
    public TrafficLight MeetingCompliance { get; set; } = new() { Green = 100, Yellow = 80 };

    /// <summary>
    /// 全程代办: open errands past their deadline (<c>errandsOverdue / errandsOpen</c>, percent); less
    /// is better. Green at 0 %, yellow up to 10 %: every errand is promised within its working days.
    /// </summary>
    public TrafficLight ErrandsOverdueRate { get; set; } = new() { Green = 0, Yellow = 10 };

    /// <summary>
    /// 共驻共建: open items of co-building agreements past their deadline
    /// (<c>agreementItemsOverdue / agreementItemsOpen</c>, percent); less is better. Green at 0 %, yellow up to 10 %.
    /// </summary>
    public TrafficLight AgreementItemsOverdueRate { get; set; } = new() { Green = 0, Yellow = 10 };
}

/// <summary>The two limits of one indicator (see <see cref="DashboardThresholds"/> for which way each points).</summary>
internal sealed class TrafficLight
{
    public double Green { get; set; }

    public double Yellow { get; set; }
}
