using System.Buffers.Binary;
using ActorRealm.PersistenceSets.Replication;

namespace ActorRealm.PersistenceSets.Tests.Simulation;

// Applications: each client publishes with its own producer id, one request in flight, sometimes stores a
// subscription position; it follows redirects, retries a refused or timed-out request (same producer sequence)
// at another server, and records every acknowledgement for the checks.
internal sealed partial class ClusterSimulation
{
    private const int Clients = 3;
    private const int RequestTimeoutMs = 150;
    private readonly List<SimClient> _clients = [];

    private void CreateClients()
    {
        for (var i = 0; i < Clients; i++)
        {
            _clients.Add(new SimClient($"c{i}", $"producer-{i}", 1 + _random.Next(40)));
        }
    }

    private void StartClients()
    {
        foreach (var client in _clients)
        {
            client.Target = RandomServer();
            SendRequest(client);
        }
    }

    private string RandomServer() => _servers.Keys.ElementAt(_random.Next(_servers.Count));

    private void SendRequest(SimClient client)
    {
        if (client.Seq > client.Messages || client.Stopped)
        {
            return;
        }

        client.RequestId++;
        var command = client.Seq % 5 == 0 && !client.PositionDone
            ? (ClientCommand)new StorePositionCommand(new SubscriptionPosition("orders", client.Name, client.Seq))
            : new PublishCommand(new Publish(client.Seq % 2 == 0 ? "orders" : "audit", client.Producer, client.Seq, Bytes(client)));
        var request = new ClientRequest(new ClientRequestId(client.Name, client.RequestId), command);
        if (_lossless || _random.NextDouble() >= Schedule.Loss)
        {
            At(Now + 1 + _random.Next(Schedule.MaxDelayMs), new SimEvent(EventKind.ToServer, client.Target, 0, request));
        }

        At(Now + RequestTimeoutMs, new SimEvent(EventKind.ClientTimeout, client.Name, 0, client.RequestId));
    }

    private static byte[] Bytes(SimClient client)
    {
        var bytes = new byte[8 + (int)(client.Seq % 7)];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, client.Seq);
        return bytes;
    }

    private void OnClientRequestArrives(SimEvent e)
    {
        var server = _servers[e.Server];
        if (server.Up && !_isolated.Contains(server.Name))
        {
            Step(server, (ClientRequest)e.Data!);
        }
    }

    private void ReplyToClient(SimServer server, ClientReply reply)
    {
        if (reply.Result is Acknowledged ack)
        {
            RecordAck(server, reply.Id, ack);
        }

        if (_lossless || _random.NextDouble() >= Schedule.Loss)
        {
            At(Now + 1 + _random.Next(Schedule.MaxDelayMs), new SimEvent(EventKind.ToClient, reply.Id.Client, 0, reply));
        }
    }

    private void OnClientReply(SimEvent e)
    {
        var reply = (ClientReply)e.Data!;
        var client = _clients.First(c => c.Name == reply.Id.Client);
        if (reply.Id.Id != client.RequestId)
        {
            return; // an answer to an earlier attempt; its acknowledgement was recorded when it was sent
        }

        switch (reply.Result)
        {
            case Acknowledged:
                client.Advance();
                client.Stopped = _lossless; // after the final heal a client finishes what it started and stops
                SendRequest(client);
                break;
            case Redirect r:
                client.Target = r.Leader;
                SendRequest(client);
                break;
            default:
                client.Target = RandomServer();
                client.RequestId++; // the old request's timeout no longer applies
                At(Now + 20 + _random.Next(40), new SimEvent(EventKind.ClientTimeout, client.Name, 0, client.RequestId));
                break;
        }
    }

    private void OnClientTimeout(SimEvent e)
    {
        var client = _clients.First(c => c.Name == e.Server);
        if ((long)e.Data! == client.RequestId)
        {
            client.Target = RandomServer();
            SendRequest(client);
        }
    }

    private sealed class SimClient(string name, string producer, int messages)
    {
        public string Name { get; } = name;

        public string Producer { get; } = producer;

        public int Messages { get; } = messages;

        public long Seq { get; private set; } = 1;

        public bool PositionDone { get; private set; }

        public long RequestId { get; set; }

        public string Target { get; set; } = "";

        public bool Stopped { get; set; }

        public void Advance()
        {
            if (Seq % 5 == 0 && !PositionDone)
            {
                PositionDone = true;
                return;
            }

            PositionDone = false;
            Seq++;
        }
    }
}
