using Crisis.Core.Communications;
using Crisis.Core.Incidents;

namespace Crisis.Core.Tests.Incidents;

public sealed class IncidentWordsTests : IDisposable
{
    private readonly TestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Theory]
    [InlineData("en", "Customer recall notice", "Holding statement for media", "Quality lead, Communications lead")]
    [InlineData("zh-CN", "消费者召回通知", "媒体初步声明", "Quality lead、Communications lead")]
    public void Role_keys_step_ids_and_template_ids_read_as_titles_in_the_readers_language(string language, string recallNotice, string holdingStatement, string roles)
    {
        _db.AddShippedPlaybook("product-recall.md");
        var key = _db.Get<OpenIncident>().Execute(new OpenIncidentRequest("product-recall", "Cracked bottles", 1), new Actor("mei"));
        var words = new IncidentWords(_db.Get<IncidentQueries>().Get(key), _db.Get<TemplateLibrary>(), language);

        Assert.Equal("Customer service lead", words.Role("cs"));
        // The English playbook's titles, listed as the reader's language lists.
        Assert.Equal(roles, words.Roles(["quality", "comms"]));
        Assert.Equal(recallNotice, words.Target("tpl:recall-customer-notice"));
        Assert.Equal(holdingStatement, words.Template("holding-statement"));
        Assert.StartsWith("Confirm the defect", words.Target("confirm-defect"));
        // What the incident does not know is still not shown as a key.
        Assert.Equal("Night shift", words.Role("night_shift"));
        Assert.Equal("Call the insurer", words.Target("call-the-insurer"));
    }
}
