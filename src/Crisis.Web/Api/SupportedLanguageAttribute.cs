using System.ComponentModel.DataAnnotations;

namespace Crisis.Web.Api;

/// <summary>A language playbooks, scenarios and reports come in: "en" or "zh-CN"; left out, it is English.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SupportedLanguageAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        value is null or "en" or "zh-CN"
            ? ValidationResult.Success
            : new ValidationResult($"'language' must be \"en\" or \"zh-CN\", not \"{value}\"");
}
