using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace Orleans.Metering.Silo;

/// <summary>
/// An option class and the configuration section it is bound to. <see cref="Register"/> binds it
/// and validates it when the host starts; <see cref="Validate"/> names the configuration key of
/// every setting that is wrong.
/// </summary>
public sealed record OptionsSection(string Section, Type Type, string? Note, Action<IServiceCollection, IConfiguration> Register)
{
    /// <summary>
    /// <typeparamref name="T"/> bound to <paramref name="section"/>; <paramref name="note"/> tells apart
    /// classes bound to the same section whose defaults differ (e.g. "SQLite", "PostgreSQL").
    /// </summary>
    public static OptionsSection Of<T>(string section, string? note = null)
        where T : class, new() => new(section, typeof(T), note, (services, configuration) =>
        {
            services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
            services.AddSingleton<IValidateOptions<T>>(new KeyedValidator<T>(section));
        });

    /// <summary>The settable properties of the class: its configuration keys below <see cref="Section"/>.</summary>
    public IEnumerable<PropertyInfo> Settings =>
        Type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true });

    /// <summary>What is wrong with <paramref name="options"/>, each message naming the key (e.g. "Metering:Gateway:SyncReplyTimeout must be positive").</summary>
    public static List<string> Validate(string section, object options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }))
        {
            var key = $"{section}:{property.Name}";
            var context = new ValidationContext(options) { MemberName = property.Name, DisplayName = key };
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateProperty(property.GetValue(options), context, results))
            {
                errors.AddRange(results.Select(r => r.ErrorMessage ?? key + " is not valid"));
            }
        }

        if (options is IValidatableObject validatable)
        {
            // Checks across settings name their members; the message reads after the key.
            errors.AddRange(validatable.Validate(new ValidationContext(options)).Select(r =>
                string.Join(", ", r.MemberNames.DefaultIfEmpty("").Select(m => m.Length == 0 ? section : $"{section}:{m}")) + " " + r.ErrorMessage));
        }

        return errors;
    }

    private sealed class KeyedValidator<T>(string section) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options) =>
            OptionsSection.Validate(section, options) is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
