using Crisis.Core.Signals;

namespace Crisis.Core.Tests.Signals;

public sealed class SafetyWordsTests
{
    private readonly SafetyWords _words = new(["fire", "caught fire", "smoke", "烫伤"]);

    [Fact]
    public void Words_are_found_whole_in_latin_text_and_anywhere_in_chinese_and_named_as_the_list_writes_them()
    {
        Assert.Equal(["caught fire", "烫伤"], _words.In("The warmer CAUGHT FIRE; 孩子被烫伤了"));
        Assert.Empty(_words.In("fireworks and smoked salmon"));
    }

    [Fact]
    public void Text_the_regex_folds_to_a_word_but_no_string_comparison_does_is_still_named_by_its_word()
    {
        // U+212A KELVIN SIGN lowercases to "k": the match is "smo\u212Ae", which no dictionary lookup finds.
        Assert.Equal(["smoke"], _words.In("the bottle started to smo\u212Ae"));
    }
}
