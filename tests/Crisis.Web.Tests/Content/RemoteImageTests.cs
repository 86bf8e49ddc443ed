using System.Net.Http.Json;
using System.Text.Json;
using Crisis.Core.Accounts;
using Crisis.Web.Tests.Mail;
using Crisis.Web.Tests.Pages;

namespace Crisis.Web.Tests.Content;

/// <summary>An image from another site in Markdown never loads, in a page or in an email: a sender could learn who read
/// it and when. It shows as a link to its address instead.</summary>
[Collection(nameof(MailServer))]
public class RemoteImageTests(MailServer server)
{
    private const string Pixel = "https://tracker.example/pixel.png";
    private const string Markdown = $"Read this.\n\n![logo]({Pixel})";

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }
    }

    private static void AssertShownAsLink(string html)
    {
        Assert.DoesNotContain($"src=\"{Pixel}\"", html);
        Assert.Contains($"<a href=\"{Pixel}\">logo</a> ({Pixel})", html);
    }

    [Fact]
    public async Task A_remote_image_in_a_note_and_a_message_is_a_link_on_the_pages_and_in_the_email()
    {
        var key = await server.OpenRecallAsync();
        var commander = server.Client(Roles.Commander);
        await Json(await commander.PostAsJsonAsync($"/api/incidents/{key}/steps/confirm-defect/note", new { text = Markdown }));
        var draft = await Json(await commander.PostAsJsonAsync($"/api/incidents/{key}/messages",
            new { templateId = "recall-customer-notice", language = "en", recipients = new[] { "tracked.reader@example.com" } }));
        var id = draft.GetProperty("id").GetInt64();
        await Json(await commander.PostAsJsonAsync($"/api/messages/{id}/edit", new { subject = "Tracked statement", body = Markdown }));

        using var browser = await Browser.SignedInAs(server, Roles.Viewer);
        AssertShownAsLink(await browser.Html($"/incidents/{key}"));
        AssertShownAsLink(await browser.Html($"/messages/{id}"));

        await Json(await commander.PostAsync($"/api/messages/{id}/approve", null));
        var email = (await server.MailDev.WaitForEmailsAsync(e => e.GetProperty("to")[0].GetProperty("address").GetString() == "tracked.reader@example.com", 1)).Single();
        AssertShownAsLink(email.GetProperty("html").GetString()!);
    }
}
