namespace ActorRealm.Client.Tests;

/// <summary>Unusable client settings are refused at start, naming the setting.</summary>
public sealed class RealmClientSettingsTests
{
    private static readonly RealmClientSettings Good = new() { Realm = "realm", ContactPoints = ["127.0.0.1:4053"] };

    [Fact]
    public void Defaults_are_a_new_producer_id_a_window_of_64_and_a_1_mib_limit()
    {
        Good.Validate();
        var other = Good with { };

        Assert.Equal((64, 1024 * 1024, TimeSpan.FromSeconds(5)), (Good.Window, Good.MaxMessageBytes, Good.RequestTimeout));
        Assert.Equal(32, Good.ProducerId.Length);
        Assert.NotEqual(new RealmClientSettings { Realm = "r", ContactPoints = ["h:1"] }.ProducerId, Good.ProducerId);
        Assert.Equal(Good.ProducerId, other.ProducerId);
    }

    [Theory]
    [InlineData("localhost", "is not host:port")]
    [InlineData("localhost:0", "is not host:port")]
    [InlineData("localhost:99999", "is not host:port")]
    public void Contact_points_must_be_host_and_port(string contact, string message) =>
        Assert.Contains(message, Assert.Throws<ArgumentException>(() => (Good with { ContactPoints = [contact] }).Validate()).Message, StringComparison.Ordinal);

    [Fact]
    public void Each_bad_setting_is_named()
    {
        Assert.Equal("Window", Assert.Throws<ArgumentException>(() => (Good with { Window = 0 }).Validate()).ParamName);
        Assert.Equal("RequestTimeout", Assert.Throws<ArgumentException>(() => (Good with { RequestTimeout = TimeSpan.Zero }).Validate()).ParamName);
        Assert.Equal("ContactPoints", Assert.Throws<ArgumentException>(() => (Good with { ContactPoints = [] }).Validate()).ParamName);
        Assert.Equal("Realm", Assert.Throws<ArgumentException>(() => (Good with { Realm = " " }).Validate()).ParamName);
        Assert.Equal("ProducerId", Assert.Throws<ArgumentException>(() => (Good with { ProducerId = "" }).Validate()).ParamName);
        Assert.Equal(("[::1]", 4053), RealmClientSettings.ParseContact("[::1]:4053"));
    }

    [Fact]
    public void Missing_tls_files_are_named()
    {
        var settings = Good with { Tls = new RealmClientTls("/nonexistent/client.crt", "/nonexistent/client.key", "/nonexistent/ca.crt") };

        Assert.Contains("certificate file '/nonexistent/client.crt' does not exist", Assert.Throws<ArgumentException>(() => RealmClient.Start(settings)).Message, StringComparison.Ordinal);
    }
}
