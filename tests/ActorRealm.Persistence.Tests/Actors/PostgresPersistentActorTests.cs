using ActorRealm.Actors;
using ActorRealm.Hocon;
using ActorRealm.Persistence.Tests.Support;
using ActorRealm.TestKit;

namespace ActorRealm.Persistence.Tests.Actors;

/// <summary>The persistent actor on the PostgreSQL provider, configured through HOCON like a node would be.</summary>
public sealed class PostgresPersistentActorTests : TestKitBase
{
    private readonly string _schema;

    public PostgresPersistentActorTests()
        : this(TestPostgres.NewSchemaName())
    {
    }

    private PostgresPersistentActorTests(string schema)
        : base(ConfigFactory.ParseString($$"""
            actorrealm.persistence {
              provider = postgresql
              postgresql { connection-string = "{{TestPostgres.ConnectionString}}", schema = "{{schema}}" }
            }
            """), defaultTimeout: PersistentActorTests.StoreTimeout)
    {
        _schema = schema;
        Persistence.Actors.Persistence.Get(Sys).Serializer.Register<Added>("added.v1").Register<CounterState>("counter-state.v1");
    }

    [PostgresFact]
    public void Events_and_snapshots_persisted_on_postgresql_are_recovered()
    {
        Assert.Equal(PersistenceProvider.PostgreSql, Await(Persistence.Actors.Persistence.Get(Sys).StoreAsync()).Provider);
        var counter = Sys.ActorOf(CounterActor.PropsFor("pg-counter"));
        counter.Tell(new AddMany([1, 2, 3]), TestActor);
        TestActor.ReceiveN(3);
        counter.Tell(new TakeSnapshot(), TestActor);
        ExpectMsg<Persistence.Actors.SaveSnapshotSuccess>();
        counter.Tell(new Add(4), TestActor);
        ExpectMsg<Ack>();
        var probe = CreateTestProbe();
        probe.Watch(counter);
        Sys.Stop(counter);
        probe.ExpectTerminated(counter);

        var restarted = Sys.ActorOf(CounterActor.PropsFor("pg-counter"));
        restarted.Tell(new GetTotal(), TestActor);

        Assert.Equal(new Total(10, 4, 1, 3, true), ExpectMsg<Total>());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && TestPostgres.ConnectionString is not null)
        {
            Sys.CoordinatedShutdown.Run(CoordinatedShutdownReason.ActorSystemTerminate).Wait(TimeSpan.FromSeconds(30));
            PostgresTestServer.DropSchemaAsync(_schema).GetAwaiter().GetResult();
        }
    }
}
