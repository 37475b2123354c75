using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using ActorRealm.Cluster.Admission;
using ActorRealm.Cluster.Remote;

namespace ActorRealm.Cluster.Tests.Identity;

public sealed class JoinSecretTests
{
    private const string Secret = "correct horse battery staple";
    private static readonly NodeAddress Node = new("10.0.1.1", 25520);

    [Fact]
    public void The_proof_is_hmac_sha256_of_the_label_realm_and_address_under_the_secret_in_lower_case_hex()
    {
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes("actorrealm-join-v2realm\n10.0.1.1:25520")));

        var proof = new JoinSecret(Secret).ProofFor("realm", Node);

        Assert.Equal(expected, proof);
        Assert.Matches("^[0-9a-f]{64}$", proof);
    }

    [Fact]
    public void A_proof_verifies_for_its_realm_and_address_only()
    {
        var secret = new JoinSecret(Secret);
        var proof = secret.ProofFor("realm", Node);

        Assert.True(secret.Verifies("realm", Node, proof));
        Assert.False(new JoinSecret(Secret + "!").Verifies("realm", Node, proof), "another secret");
        Assert.False(secret.Verifies("realm2", Node, proof), "another realm");
        Assert.False(secret.Verifies("realm", new NodeAddress("10.0.1.1", 25521), proof), "another port");
        Assert.False(secret.Verifies("realm", new NodeAddress("10.0.1.2", 25520), proof), "another host");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("00")]
    [InlineData("not hex at all")]
    public void A_missing_or_malformed_proof_does_not_verify(string? proof) =>
        Assert.False(new JoinSecret(Secret).Verifies("realm", Node, proof));

    [Fact]
    public void A_proof_altered_in_case_or_length_does_not_verify()
    {
        var secret = new JoinSecret(Secret);
        var proof = secret.ProofFor("realm", Node);

        Assert.False(secret.Verifies("realm", Node, proof.ToUpperInvariant()));
        Assert.False(secret.Verifies("realm", Node, proof[..^1]));
        Assert.False(secret.Verifies("realm", Node, proof + "0"));
        Assert.False(secret.Verifies("realm", Node, (proof[0] == '0' ? "1" : "0") + proof[1..]));
    }

    [Fact]
    public void Verification_compares_in_constant_time()
    {
        var called = CalledMethods(typeof(JoinSecret).GetMethod(nameof(JoinSecret.Verifies))!).ToList();

        Assert.Contains(called, m => m.DeclaringType == typeof(CryptographicOperations) && m.Name == nameof(CryptographicOperations.FixedTimeEquals));
        Assert.DoesNotContain(called, m => m.DeclaringType == typeof(string) && m.Name is "Equals" or "op_Equality" or "Compare" or "CompareOrdinal");
        Assert.DoesNotContain(called, m => m.Name is "SequenceEqual");
    }

    [Fact]
    public void The_secret_never_shows_in_text()
    {
        var secret = new JoinSecret(Secret);
        var settings = new RemoteSettings { JoinSecret = secret };

        Assert.Equal("JoinSecret(redacted)", secret.ToString());
        Assert.DoesNotContain(Secret, $"{secret}", StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, settings.ToString(), StringComparison.Ordinal);
        Assert.Contains("JoinSecret(redacted)", settings.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_secret_is_no_secret()
    {
        Assert.Null(JoinSecret.FromText(null));
        Assert.Null(JoinSecret.FromText(string.Empty));
        Assert.NotNull(JoinSecret.FromText("x"));
        Assert.Throws<ArgumentException>(() => new JoinSecret(string.Empty));
    }

    /// <summary>The methods a method's IL calls (call and callvirt with a method token).</summary>
    private static IEnumerable<MethodBase> CalledMethods(MethodInfo method)
    {
        var il = method.GetMethodBody()!.GetILAsByteArray()!;
        for (var i = 0; i + 4 < il.Length; i++)
        {
            if (il[i] is not (0x28 or 0x6F))
            {
                continue;
            }

            var token = BitConverter.ToInt32(il, i + 1);
            if ((token >>> 24) is not (0x06 or 0x0A or 0x2B))
            {
                continue;
            }

            MethodBase? called;
            try
            {
                called = method.Module.ResolveMethod(token);
            }
            catch (ArgumentException)
            {
                continue;
            }

            if (called is not null)
            {
                yield return called;
            }
        }
    }
}
