// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Text.Json.Nodes;
using OAuthGuard.Salesforce.Crypto;
using OAuthGuard.Salesforce.Discovery;
using OAuthGuard.Salesforce.Model;
using OAuthGuard.Salesforce.Parsing;
using OAuthGuard.Salesforce.Schema;

namespace OAuthGuard.Salesforce.Document;

/// <summary>
/// Turns the metadata model into the input document of docs/contracts.md §1: Salesforce's element
/// names as keys, typed values, absent stays absent, facts apart. Keys of parsed metadata are
/// sorted (ordinal) and apps are ordered by file path, so the same repository gives the same bytes.
/// </summary>
internal static class InputDocumentBuilder
{
    /// <summary>The version of the document shape; bumped on incompatible changes.</summary>
    public const int SchemaVersion = 1;

    /// <summary>What the document holds instead of an element's text when that text contains a PEM private key.</summary>
    public const string RedactedKey = "(private key removed by OAuthGuard)";

    public static JsonObject Build(SfdxProject? project, IReadOnlyList<ConnectedApp> connectedApps, IReadOnlyList<ExternalClientApp> externalClientApps, IReadOnlyList<PrivateKeyFact> keys)
    {
        var document = new JsonObject { ["schemaVersion"] = SchemaVersion };
        if (project is not null)
        {
            var p = new JsonObject
            {
                ["file"] = project.File,
                ["packageDirectories"] = new JsonArray([.. project.PackageDirectories.Select(d => (JsonNode?)JsonValue.Create(d))]),
            };
            if (project.SourceApiVersion is { } version)
            {
                p["sourceApiVersion"] = version;
            }

            document["project"] = p;
        }

        document["connectedApps"] = new JsonArray([.. connectedApps.Select(ConnectedApp)]);
        document["externalClientApps"] = new JsonArray([.. externalClientApps.Select(ExternalClientApp)]);
        document["keys"] = new JsonArray([.. keys.Select(Key)]);
        return document;
    }

    /// <summary>The JSON value of one element (objects for child elements, typed scalars, raw text when invalid).</summary>
    public static JsonNode Element(MetadataElement element)
    {
        if (element.IsObject)
        {
            var obj = new JsonObject();
            foreach (var group in element.Children.GroupBy(c => c.Name, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var items = group.ToList();
                obj[group.Key] = items.Count > 1 || items[0].IsRepeatable
                    ? new JsonArray([.. items.Select(i => (JsonNode?)Element(i))])
                    : Element(items[0]);
            }

            return obj;
        }

        var text = element.Text ?? string.Empty;
        if (text.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            // NOTE: a private key pasted into metadata (usually next to a certificate) never leaves
            // the reader; the key search lists it under `keys` with this file's path.
            return JsonValue.Create(RedactedKey);
        }

        if (!element.IsValid)
        {
            return JsonValue.Create(text);
        }

        return element.DeclaredKind switch
        {
            FieldKind.Boolean when element.BooleanValue is { } b => JsonValue.Create(b),
            FieldKind.WholeNumber when element.IntegerValue is { } i => JsonValue.Create(i),
            FieldKind.Number when element.DoubleValue is { } d => JsonValue.Create(d),
            _ => JsonValue.Create(text),
        };
    }

    /// <summary>A root element is always an object; text directly inside it (listed as invalid) is dropped here.</summary>
    private static JsonObject Root(MetadataElement root) => Element(root) as JsonObject ?? [];

    private static JsonNode? ConnectedApp(ConnectedApp app)
    {
        var facts = app.Facts;
        var result = new JsonObject
        {
            ["name"] = app.Name,
            ["file"] = app.File.Path,
            ["format"] = Format(app.Format),
            ["metadata"] = Root(app.Metadata),
            ["facts"] = new JsonObject
            {
                ["oauthEnabled"] = facts.OAuthEnabled,
                ["callbackUrls"] = Strings(facts.CallbackUrls),
                ["consumerSecret"] = State(facts.ConsumerSecret),
                ["consumerKey"] = State(facts.ConsumerKey),
                ["certificate"] = State(facts.Certificate),
                ["mobile"] = facts.Mobile,
            },
            ["invalid"] = new JsonArray([.. app.Invalid.Select(i => (JsonNode?)new JsonObject
            {
                ["path"] = i.Path,
                ["text"] = i.Text,
                ["expected"] = i.Expected,
            })]),
        };
        if (facts.CertificateInfo is { } info && result["facts"] is JsonObject caFacts)
        {
            caFacts["certificateInfo"] = Certificate(info);
        }

        return result;
    }

    private static JsonNode? ExternalClientApp(ExternalClientApp app)
    {
        var files = new JsonObject();
        var result = new JsonObject { ["name"] = app.Name, ["files"] = files };
        foreach (var kind in MetadataKind.All)
        {
            if (kind.PartKey is { } key && app.Parts.TryGetValue(key, out var part) && part.Root is { } root)
            {
                files[key] = part.Path;
                result[key] = Root(root);
            }
        }

        var facts = app.Facts;
        result["facts"] = new JsonObject
        {
            ["callbackUrls"] = Strings(facts.CallbackUrls),
            ["scopes"] = Strings(facts.Scopes),
            ["consumerSecret"] = State(facts.ConsumerSecret),
            ["consumerKey"] = State(facts.ConsumerKey),
            ["certificate"] = State(facts.Certificate),
            ["parentMissing"] = facts.ParentMissing,
        };
        if (facts.CertificateInfo is { } info && result["facts"] is JsonObject ecaFacts)
        {
            ecaFacts["certificateInfo"] = Certificate(info);
        }

        result["invalid"] = new JsonArray([.. app.Invalid.Select(i => (JsonNode?)new JsonObject
        {
            ["file"] = i.File,
            ["path"] = i.Path,
            ["text"] = i.Text,
            ["expected"] = i.Expected,
        })]);
        return result;
    }

    /// <summary>The derived facts of a parsed certificate; times are RFC 3339 UTC to the second.</summary>
    private static JsonObject Certificate(CertificateInfo info) => new()
    {
        ["subject"] = info.Subject,
        ["issuer"] = info.Issuer,
        ["selfSigned"] = info.SelfSigned,
        ["notBefore"] = Time(info.NotBefore),
        ["notAfter"] = Time(info.NotAfter),
        ["keyAlgorithm"] = info.KeyAlgorithm,
        ["keySize"] = info.KeySize,
        ["signatureAlgorithm"] = info.SignatureAlgorithm,
        ["signatureHash"] = info.SignatureHash,
        ["publicKeySha256"] = info.PublicKeySha256,
        ["sha256"] = info.Sha256,
    };

    /// <summary>One private key found in the repository: facts only, never key material.</summary>
    private static JsonNode? Key(PrivateKeyFact key)
    {
        var obj = new JsonObject
        {
            ["file"] = key.File,
            ["kind"] = key.Kind,
            ["encrypted"] = key.Encrypted,
        };
        if (key.PublicKeySha256 is { } hash)
        {
            obj["publicKeySha256"] = hash;
        }

        if (key.KeyAlgorithm is { } algorithm)
        {
            obj["keyAlgorithm"] = algorithm;
        }

        if (key.KeySize > 0)
        {
            obj["keySize"] = key.KeySize;
        }

        return obj;
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);

    private static string Format(MetadataFormat format) => format == MetadataFormat.Source ? "source" : "mdapi";

    private static string State(SecretState state) => state switch
    {
        SecretState.Absent => "absent",
        SecretState.Empty => "empty",
        SecretState.Placeholder => "placeholder",
        _ => "literal",
    };

    private static string State(CertificateState state) => state switch
    {
        CertificateState.Absent => "absent",
        CertificateState.Empty => "empty",
        CertificateState.Placeholder => "placeholder",
        _ => "present",
    };
}
