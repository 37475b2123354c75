using ActorRealm.Contracts.Persistence;

namespace ActorRealm.Client.Tests;

/// <summary>The channel name policy (docs/persistence-sets.md): what it accepts and how it explains a refusal.</summary>
public sealed class ChannelNamesTests
{
    [Theory]
    [InlineData("orders")]
    [InlineData("Orders.EU-west_2")]
    [InlineData("a")]
    [InlineData("0")]
    public void Names_of_letters_digits_dots_underscores_and_dashes_are_valid(string name) => Assert.Null(ChannelNames.Problem(name));

    [Theory]
    [InlineData("", "is empty")]
    [InlineData(".internal", "starts with '.'")]
    [InlineData("two words", "contains ' ' (U+0020)")]
    [InlineData("a/b", "contains '/'")]
    [InlineData("ordrés", "contains 'é' (U+00E9)")]
    public void Other_names_are_refused_naming_the_problem_and_the_policy(string name, string problem)
    {
        var message = ChannelNames.Problem(name)!;

        Assert.Contains(problem, message, StringComparison.Ordinal);
        Assert.EndsWith($"it must be {ChannelNames.Policy}.", message, StringComparison.Ordinal);
    }

    [Fact]
    public void At_most_200_characters_and_subscriptions_are_named_as_such()
    {
        Assert.Null(ChannelNames.Problem(new string('x', 200)));
        Assert.Contains("is 201 characters long", ChannelNames.Problem(new string('x', 201)), StringComparison.Ordinal);
        Assert.StartsWith("The subscription name is empty", ChannelNames.Problem(null, "subscription"), StringComparison.Ordinal);
    }
}
