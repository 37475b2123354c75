using Xunit.Abstractions;
using Xunit.Sdk;

namespace ActorRealm.Persistence.Tests.Support;

/// <summary>
/// A fact of a conformance suite declared once in an abstract class and run per provider subclass. When the concrete
/// class is marked <see cref="RequiresPostgresAttribute"/> and no server is configured, the test is reported as
/// skipped with the reason (decided at discovery, per concrete class), never as passed.
/// </summary>
[XunitTestCaseDiscoverer("ActorRealm.Persistence.Tests.Support.StoreFactDiscoverer", "ActorRealm.Persistence.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StoreFactAttribute : FactAttribute;

public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    private static int _reported;

    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var needsPostgres = testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresPostgresAttribute)).Any();
        if (!needsPostgres || PostgresTestServer.ConnectionString is not null)
        {
            return base.CreateTestCase(discoveryOptions, testMethod, factAttribute);
        }

        // Once per run, on the console: the runner shows a skip's reason only in TRX files or at detailed verbosity.
        if (Interlocked.Exchange(ref _reported, 1) == 0)
        {
            DiagnosticMessageSink.OnMessage(new DiagnosticMessage($"PostgreSQL tests are skipped: {PostgresTestServer.SkipReason}"));
        }

        return new PostgresSkippedTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
    }
}

/// <summary>
/// A test case that reports as skipped because the PostgreSQL test server is missing. The reason is static: the base
/// constructor may compute the skip reason before a derived constructor could store one.
/// </summary>
public sealed class PostgresSkippedTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public PostgresSkippedTestCase()
    {
    }

    public PostgresSkippedTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod testMethod)
        : base(sink, display, options, testMethod)
    {
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute) => PostgresTestServer.SkipReason;
}
