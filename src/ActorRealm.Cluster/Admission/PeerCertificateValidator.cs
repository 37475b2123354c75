using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ActorRealm.Cluster.Admission;

/// <summary>
/// Decides whether a peer's TLS certificate is acceptable: it must chain to the configured cluster CA
/// (the operating system's trust store plays no part), must not be the CA itself, must allow the TLS
/// role it is used for, and, only when host name verification is on, must name the host dialled.
/// </summary>
public static class PeerCertificateValidator
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1", "Server Authentication");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2", "Client Authentication");

    /// <summary>Returns null when <paramref name="presented"/> is acceptable, else the reason it is not.</summary>
    /// <param name="presented">The certificate the peer presented, or null when it presented none.</param>
    /// <param name="ca">The cluster CA certificate.</param>
    /// <param name="peerIsServer">True when checking the node we connected to; false when checking a connecting node.</param>
    /// <param name="expectedHost">The host name the certificate must name, or null to skip the name check.</param>
    /// <param name="now">The time at which the certificate must be valid.</param>
    public static string? Validate(X509Certificate? presented, X509Certificate2 ca, bool peerIsServer, string? expectedHost, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ca);
        if (presented is null)
        {
            return "the peer presented no certificate";
        }

        var leaf = presented as X509Certificate2;
        var owned = leaf is null ? X509CertificateLoader.LoadCertificate(presented.GetRawCertData()) : null;
        leaf ??= owned!;
        try
        {
            return CheckChain(leaf, ca, peerIsServer, now) ?? CheckName(leaf, expectedHost);
        }
        finally
        {
            owned?.Dispose();
        }
    }

    private static string? CheckChain(X509Certificate2 leaf, X509Certificate2 ca, bool peerIsServer, DateTimeOffset now)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.ApplicationPolicy.Add(peerIsServer ? ServerAuth : ClientAuth);
        try
        {
            if (!chain.Build(leaf))
            {
                var problems = chain.ChainStatus.Select(s => s.Status.ToString()).Distinct();
                return $"the certificate '{leaf.Subject}' does not chain to the cluster CA ({string.Join(", ", problems)})";
            }

            var root = chain.ChainElements[^1].Certificate;
            if (!root.RawDataMemory.Span.SequenceEqual(ca.RawDataMemory.Span))
            {
                return $"the certificate '{leaf.Subject}' chains to '{root.Subject}', not to the cluster CA";
            }

            return chain.ChainElements.Count < 2 ? "the peer presented the CA certificate itself, not a node certificate" : null;
        }
        finally
        {
            foreach (var element in chain.ChainElements)
            {
                element.Certificate.Dispose();
            }
        }
    }

    private static string? CheckName(X509Certificate2 leaf, string? expectedHost) =>
        expectedHost is null || leaf.MatchesHostname(expectedHost)
            ? null
            : $"the certificate '{leaf.Subject}' does not name the host '{expectedHost}' (transport.tls.verify-hostname is on)";
}
