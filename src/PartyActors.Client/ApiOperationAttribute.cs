namespace PartyActors.Client;

/// <summary>
/// Names the HTTP operation a client method calls, as <c>"METHOD /api/v1/route/{param}"</c> with the
/// server's route template. A test checks that every operation the server maps has a client method.
/// </summary>
/// <param name="operation">The method and route template, e.g. <c>"GET /api/v1/orgs/{orgId}"</c>.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class ApiOperationAttribute(string operation) : Attribute
{
    /// <summary>The method and route template, e.g. <c>"GET /api/v1/orgs/{orgId}"</c>.</summary>
    public string Operation { get; } = operation;
}
