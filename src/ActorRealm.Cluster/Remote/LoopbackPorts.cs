using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ActorRealm.Cluster.Remote;

/// <summary>
/// Ports for a realm started on one machine's loopback (the benchmark, the chaos harness, tests), chosen below the
/// kernel's ephemeral range. A port the kernel handed out for a listener a moment ago lies inside that range, and
/// every outgoing connection (each remoting association, probe and admin request) takes its source port from it: one
/// may hold the port, or leave it in TIME_WAIT, before the node binds it, and the node then refuses to start.
/// </summary>
public static class LoopbackPorts
{
    // Below this are the ports of well-known services.
    private const int Floor = 10_000;

    /// <summary>The first port of the kernel's ephemeral range (Linux: <c>ip_local_port_range</c>; else IANA's 49152).</summary>
    public static int EphemeralLow { get; } = ReadEphemeralLow();

    /// <summary><paramref name="count"/> distinct ports, each free at the time of the call.</summary>
    /// <param name="count">How many.</param>
    public static int[] Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var taken = new HashSet<int>();
        for (var attempt = 0; taken.Count < count; attempt++)
        {
            if (attempt > 100 * (count + 1))
            {
                throw new InvalidOperationException($"no {count} free loopback ports found between {Floor} and {EphemeralLow}");
            }

            var port = Random.Shared.Next(Floor, EphemeralLow);
            if (!taken.Contains(port) && IsFree(port))
            {
                taken.Add(port);
            }
        }

        return [.. taken];
    }

    /// <summary>A random first port of a block of <paramref name="span"/> ports that ends below the ephemeral range (the block is not checked).</summary>
    /// <param name="span">How many consecutive ports the caller will use from it.</param>
    public static int RandomBase(int span)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(span);
        if (EphemeralLow - span <= Floor)
        {
            throw new InvalidOperationException($"no block of {span} ports between {Floor} and the ephemeral range at {EphemeralLow}");
        }

        return Random.Shared.Next(Floor, EphemeralLow - span);
    }

    /// <summary>Whether a listener can bind <paramref name="port"/> on 127.0.0.1 now.</summary>
    /// <param name="port">The port.</param>
    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int ReadEphemeralLow()
    {
        const int Iana = 49_152;
        const string Linux = "/proc/sys/net/ipv4/ip_local_port_range";
        if (!File.Exists(Linux))
        {
            return Iana;
        }

        var first = File.ReadAllText(Linux).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var low) && low > Floor ? low : Iana;
    }
}
