using System.Net;
using System.Net.Sockets;

namespace ActorRealm.Server.Tests.Support;

/// <summary>Loopback ports free at the time of the call (the kernel's choice, so parallel tests do not collide).</summary>
internal static class FreePorts
{
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ =>
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return listener;
        }).ToList();
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        foreach (var listener in listeners)
        {
            listener.Stop();
        }

        return ports;
    }

    public static int Take() => Take(1)[0];
}
