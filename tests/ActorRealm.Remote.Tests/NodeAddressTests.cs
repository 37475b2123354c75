namespace ActorRealm.Remote.Tests;

public sealed class NodeAddressTests
{
    [Theory]
    [InlineData("realm://sys@127.0.0.1:2552", "sys", "127.0.0.1", 2552)]
    [InlineData("realm://my-realm@node-1.example:1", "my-realm", "node-1.example", 1)]
    [InlineData("realm://sys@[::1]:2552", "sys", "::1", 2552)]
    public void Parses_and_formats(string text, string system, string host, int port)
    {
        var address = NodeAddress.Parse(text);
        Assert.Equal(new NodeAddress(system, host, port), address);
        Assert.Equal(text, address.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("akka://sys@h:1")]
    [InlineData("realm://@h:1")]
    [InlineData("realm://sys@h")]
    [InlineData("realm://sys@h:")]
    [InlineData("realm://sys@h:99999")]
    [InlineData("realm://sys@h:-1")]
    [InlineData("realm://sys@:1")]
    [InlineData("realm://sys@h/x:1")]
    public void Refuses_malformed_addresses(string text) => Assert.False(NodeAddress.TryParse(text, out _));
}
