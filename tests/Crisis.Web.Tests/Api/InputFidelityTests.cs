using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Crisis.Core.Accounts;
using Crisis.Core.Communications;

namespace Crisis.Web.Tests.Api;

/// <summary>What the API is sent is what it stores, or a 400 that names the field: no number cut short, no cent rounded away, no invisible title.</summary>
[Collection(nameof(CrisisServer))]
public class InputFidelityTests(CrisisServer server)
{
    private static async Task AssertRefused(HttpResponseMessage response, params string[] details)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        foreach (var detail in details) Assert.Contains(detail, problem);
    }

    public static TheoryData<string, string> NotOneLineOfText => new()
    {
        { "\u200B\u200B\u200B", "only invisible characters" },
        { "\u200D \uFEFF \u2060", "only invisible characters" },
        { "\u3164", "only invisible characters" },
        { "Cracked\u0000bottles", "U+0000" },
        { "Cracked\nbottles", "U+000A" },
        { "Cracked\r\nbottles", "U+000D" },
        { "Cracked\tbottles", "U+0009" },
        { "Cracked\u2028bottles", "U+2028" },
        { "invoice\u202Egnp.exe", "U+202E" },
        { "\u2066isolated\u2069 title", "U+2066" },
        { "bot\u0085tles", "U+0085" },
    };

    [Theory]
    [MemberData(nameof(NotOneLineOfText))]
    public async Task A_title_or_name_must_be_one_visible_line_of_plain_text(string text, string detail)
    {
        var commander = server.Client(Roles.Commander);
        using var incident = await commander.PostAsJsonAsync("/api/incidents", new { playbookId = "product-recall", title = text, severity = 1 });
        await AssertRefused(incident, "an incident title", detail);
        using var person = await server.Client(Roles.Admin).PostAsJsonAsync("/api/people", new { name = text });
        await AssertRefused(person, "a person's name");
    }

    [Theory]
    [InlineData("a@b.example\r\nBcc: x@evil.example", null)]
    [InlineData("a@b.example\nBcc: x@evil.example", null)]
    [InlineData("a@b.example\u0000", null)]
    [InlineData("not an address", null)]
    [InlineData(null, "+1 555\r\nX-Injected: 1")]
    [InlineData(null, "+1 555\u0000 0100")]
    public async Task A_persons_email_is_one_valid_recipient_and_phone_one_line(string? email, string? phone)
    {
        var admin = server.Client(Roles.Admin);
        using var refused = await admin.PostAsJsonAsync("/api/people", new { name = "Injected Ida", email, phone });
        await AssertRefused(refused, email is null ? "a phone number" : "is not an email address");
        using var listed = await admin.GetAsync("/api/people");
        Assert.DoesNotContain("Injected Ida", await listed.Content.ReadAsStringAsync());
        using var kept = await admin.PostAsJsonAsync("/api/people", new { name = "Plain Pia", email = " pia@b.example ", phone = "+1 555 0100" });
        Assert.Equal(HttpStatusCode.Created, kept.StatusCode);
        Assert.Equal("pia@b.example", (await kept.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("email").GetString());
    }

    [Theory]
    [InlineData("Listings paused\u0000 on every platform.")]
    [InlineData("Listings paused\u001B[31m on every platform.")]
    public async Task Written_text_holds_no_control_character_but_its_line_breaks_and_tabs(string body)
    {
        var commander = server.Client(Roles.Commander);
        var key = await server.OpenRecallAsync();
        using var refused = await commander.PostAsJsonAsync($"/api/incidents/{key}/status-updates", new { body });
        await AssertRefused(refused, "the status update", "control character");
        using var taken = await commander.PostAsJsonAsync($"/api/incidents/{key}/status-updates", new { body = "Listings paused:\n\t- Tmall\r\n\t- JD" });
        Assert.Equal(HttpStatusCode.Created, taken.StatusCode);
    }

    [Fact]
    public async Task Titles_in_any_script_with_emoji_are_still_taken()
    {
        using var response = await server.Client(Roles.Commander).PostAsJsonAsync("/api/incidents",
            new { playbookId = "product-recall", title = "奶瓶破裂 🍼 — زجاجات مكسورة", severity = 1 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("奶瓶破裂 🍼 — زجاجات مكسورة", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_refund_finer_than_a_cent_is_refused_and_cents_are_stored_exactly()
    {
        var key = await server.OpenRecallAsync();
        var commander = server.Client(Roles.Commander);
        await AssertRefused(await commander.PostAsJsonAsync($"/api/incidents/{key}/impact", new { refundAmount = 0.005m }), "refundAmount has at most 2 decimal places");
        using var recorded = await commander.PostAsJsonAsync($"/api/incidents/{key}/impact", new { refundAmount = 1234567.89m });
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        var impact = await commander.GetFromJsonAsync<JsonElement>($"/api/incidents/{key}/impact");
        Assert.Equal(1, impact.GetProperty("entries").GetArrayLength());
        Assert.Equal(1234567.89m, impact.GetProperty("current").GetProperty("refundAmount").GetDecimal());
    }

    [Theory]
    [InlineData("/api/incidents/{key}/steps/confirm-defect/complete", "{\"expectedVersion\":4294967297}", "'expectedVersion' must be a whole number")]
    [InlineData("/api/incidents/{key}/steps/confirm-defect/complete", "{\"expectedVersion\":18446744073709551617}", "'expectedVersion' must be a whole number")]
    [InlineData("/api/incidents/{key}/steps/confirm-defect/complete", "{\"expectedVersion\":1e400}", "'expectedVersion' must be a whole number")]
    [InlineData("/api/incidents/{key}/roles", "{\"role\":\"quality\",\"personId\":9223372036854775808}", "'personId' must be a whole number")]
    [InlineData("/api/incidents/{key}/impact", "{\"ordersAffected\":\"4294967297\"}", "ordersAffected must be between 0 and")]
    [InlineData("/api/incidents/{key}/impact", "{\"ordersAffected\":\"99999999999999999999\"}", "'ordersAffected' must be a whole number")]
    [InlineData("/api/incidents/{key}/impact", "{\"refundAmount\":1e400}", "'refundAmount' must be a number")]
    public async Task A_number_out_of_range_is_refused_naming_the_field_never_cut_short(string path, string body, string detail)
    {
        var key = await server.OpenRecallAsync();
        var commander = server.Client(Roles.Commander);
        await AssertRefused(await commander.PostAsync(path.Replace("{key}", key), new StringContent(body, Encoding.UTF8, "application/json")), detail);
        var step = (await commander.GetFromJsonAsync<JsonElement>($"/api/incidents/{key}")).GetProperty("phases")[0].GetProperty("steps")[0];
        Assert.Equal("todo", step.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_draft_goes_to_at_most_500_recipients_with_a_message_that_says_so()
    {
        var key = await server.OpenRecallAsync();
        var commander = server.Client(Roles.Commander);
        var recipients = Enumerable.Range(0, Messages.MaxRecipients + 1).Select(i => $"person{i}@example.com").ToArray();
        await AssertRefused(await commander.PostAsJsonAsync($"/api/incidents/{key}/messages", new { templateId = "holding-statement", language = "en", recipients }),
            "a message goes to at most 500");
        using var capped = await commander.PostAsJsonAsync($"/api/incidents/{key}/messages",
            new { templateId = "holding-statement", language = "en", recipients = recipients[..Messages.MaxRecipients] });
        Assert.Equal(HttpStatusCode.Created, capped.StatusCode);
        var id = (await capped.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        await AssertRefused(await commander.PostAsJsonAsync($"/api/messages/{id}/edit", new { subject = "s", body = "b", recipients }), "a message goes to at most 500");
    }
}
