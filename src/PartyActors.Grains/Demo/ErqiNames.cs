using System.Collections.Immutable;

namespace PartyActors.Grains.Demo;

/// <summary>
/// The vocabularies the demo district draws from. Street names are Erqi's own; everything below a
/// street is made up to sound right, not to match reality.
/// </summary>
internal static class ErqiNames
{
    /// <summary>
    /// Erqi's 13 streets, its town and its township, each with how many urban communities and villages
    /// it has: the old city streets have only communities, villages are on the southern and western
    /// edge (嵩山路, 京广路, 长江路) and under 马寨镇 and 侯寨乡. 102 communities and 53 villages in all.
    /// </summary>
    public static readonly ImmutableArray<StreetPlan> Streets =
    [
        new("淮河路街道党工委", OrganizationKind.Street, 8, 0),
        new("解放路街道党工委", OrganizationKind.Street, 7, 0),
        new("铭功路街道党工委", OrganizationKind.Street, 6, 0),
        new("一马路街道党工委", OrganizationKind.Street, 6, 0),
        new("蜜蜂张街道党工委", OrganizationKind.Street, 8, 0),
        new("五里堡街道党工委", OrganizationKind.Street, 8, 0),
        new("大学路街道党工委", OrganizationKind.Street, 9, 0),
        new("建中街街道党工委", OrganizationKind.Street, 7, 0),
        new("福华街街道党工委", OrganizationKind.Street, 6, 0),
        new("德化街街道党工委", OrganizationKind.Street, 5, 0),
        new("嵩山路街道党工委", OrganizationKind.Street, 10, 3),
        new("京广路街道党工委", OrganizationKind.Street, 9, 4),
        new("长江路街道党工委", OrganizationKind.Street, 9, 6),
        new("马寨镇党委", OrganizationKind.Township, 3, 16),
        new("侯寨乡党委", OrganizationKind.Township, 1, 24),
    ];

    /// <summary>First halves of urban community names; with <see cref="CommunitySuffixes"/> far more combinations than communities.</summary>
    public static readonly ImmutableArray<string> CommunityStems =
    [
        "航海", "兴华", "陇海", "政通", "桃源", "幸福", "碧云", "祥云", "汇丰", "工人",
        "建设", "铁路", "百花", "明珠", "春晖", "阳光", "和平", "兴隆", "锦绣", "翠竹",
        "绿城", "康乐", "安康", "永安", "华山", "连云", "民主", "光明", "新华", "振兴",
        "友爱", "南湖", "齐礼阎", "佛岗", "青年", "前进", "育才", "福寿", "嵩岳", "玉凤",
        "朝阳", "紫荆", "五一", "同心", "芦庄",
    ];

    public static readonly ImmutableArray<string> CommunitySuffixes = ["路", "里", "园", "苑", "街", "新村"];

    /// <summary>First halves of village names: a clan surname or a direction, as Henan villages are named.</summary>
    public static readonly ImmutableArray<string> VillageStems =
    [
        "张", "王", "刘", "李", "陈", "杨", "赵", "郭", "孙", "高", "马", "朱", "胡",
        "宋", "冯", "侯", "贾", "尚", "常", "岳", "后", "前", "东", "西", "南", "北",
    ];

    public static readonly ImmutableArray<string> VillageSuffixes = ["庄", "寨", "湾", "沟", "岗", "河", "店", "营", "楼", "坡", "洼", "堂"];

    /// <summary>The most common surnames, weighted roughly by their share of the population (per mille).</summary>
    public static readonly ImmutableArray<(string Surname, int Weight)> CommonSurnames =
    [
        ("王", 71), ("李", 70), ("张", 67), ("刘", 54), ("陈", 45), ("杨", 31), ("赵", 23), ("黄", 22),
        ("周", 21), ("吴", 20), ("徐", 16), ("孙", 15), ("胡", 13), ("朱", 12), ("高", 12), ("林", 11),
        ("何", 11), ("郭", 11), ("马", 10), ("罗", 9), ("梁", 8), ("宋", 8), ("郑", 8), ("谢", 7),
        ("韩", 7), ("唐", 6), ("冯", 6), ("于", 6), ("董", 5), ("程", 5), ("曹", 5), ("袁", 5),
        ("邓", 5), ("许", 5), ("傅", 4), ("沈", 4), ("曾", 4), ("彭", 4), ("吕", 4), ("苏", 4),
        ("卢", 4), ("蒋", 4), ("蔡", 4), ("贾", 4),
    ];

    /// <summary>Less common surnames, each about three per mille; 申, 牛 and 岳 are more common in Henan than nationally.</summary>
    public const string OtherSurnames = "丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹常武乔贺申牛岳";

    public const int OtherSurnameWeight = 3;

    /// <summary>Given-name characters that mostly men carry.</summary>
    public const string MaleGivenCharacters = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林阳建国东海峰志成亮新振兵岩松力金庆忠德永正博宏昊轩铭世泽天毅锋坤晖彬伦勤虎鸣洋光辰";

    /// <summary>Given-name characters that mostly women carry.</summary>
    public const string FemaleGivenCharacters = "芳娜敏静丽艳娟霞秀玲燕婷雪慧莉萍红琳丹倩颖洁晶佳琴云梅兰凤英桂淑玉珍荣爱月翠彩春欣怡悦涵梓诗可心雨思璐瑶蕾薇妍岚蓉菲馨露琪婧媛";

    /// <summary>Given-name characters anyone may carry.</summary>
    public const string SharedGivenCharacters = "文晓一嘉家安乐瑞晨然子睿立";

    /// <summary>Two-character names of the 1940s to 1960s, which many older members carry.</summary>
    public static readonly ImmutableArray<string> OlderMaleNames = ["建国", "建军", "国庆", "卫国", "卫东", "援朝", "胜利", "跃进", "保国", "志强"];

    public static readonly ImmutableArray<string> OlderFemaleNames = ["秀英", "桂英", "秀兰", "玉兰", "红梅", "凤英", "淑珍", "桂兰", "秀珍", "玉珍"];

    /// <summary>What members offer to serve with.</summary>
    public static readonly ImmutableArray<string> Skills =
    [
        "医疗", "法律咨询", "家电维修", "理发", "书法", "心理疏导", "教育辅导",
        "摄影", "电脑维修", "烹饪", "水电维修", "文艺演出", "农技指导", "手语",
    ];

    /// <summary>Mobile number prefixes of the three carriers' older ranges (13x, 15x without 154, 18x).</summary>
    public static readonly ImmutableArray<string> PhonePrefixes =
    [
        "130", "131", "132", "133", "134", "135", "136", "137", "138", "139",
        "150", "151", "152", "153", "155", "156", "157", "158", "159",
        "180", "181", "182", "183", "184", "185", "186", "187", "188", "189",
    ];
}

/// <summary>A street-level organization of the district and how many communities and villages it holds.</summary>
internal sealed record StreetPlan(string Name, OrganizationKind Kind, int Communities, int Villages);
