using System.Text.Json.Nodes;
using OAuthGuard.Salesforce.Discovery;
using OAuthGuard.Salesforce.Schema;

namespace OAuthGuard.Salesforce.Tests.Support;

/// <summary>
/// Builds docs/input-document.schema.json from the WSDL tables the reader types values with, so
/// the schema and the reader cannot drift apart. SchemaFileTests compares it with the committed
/// file; set OAUTHGUARD_REGENERATE=1 to rewrite the file on purpose.
/// </summary>
internal static class SchemaGenerator
{
    public static JsonObject Generate()
    {
        var definitions = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var kind in MetadataKind.All)
        {
            if (kind.RootSpec is { } spec)
            {
                AddComplex(spec, definitions);
            }
        }

        definitions["raw"] = new JsonObject
        {
            ["description"] = "A value kept as written because it is not valid for its declared type (it is also listed under `invalid`): raw text, or the child elements when text was expected, or an array when an element that may occur once is repeated.",
            ["type"] = new JsonArray("string", "object", "array"),
        };
        definitions["unknown"] = new JsonObject
        {
            ["description"] = "An element Salesforce does not declare at this place: text becomes a string, child elements an object, repeated elements an array.",
            ["type"] = new JsonArray("string", "object", "array"),
            ["items"] = Ref("unknown"),
            ["additionalProperties"] = Ref("unknown"),
        };
        definitions["unknownObject"] = new JsonObject
        {
            ["description"] = "A part whose type the Metadata API WSDL (v63) does not declare: every element is kept untyped.",
            ["type"] = "object",
            ["additionalProperties"] = Ref("unknown"),
        };
        definitions["secretState"] = new JsonObject { ["enum"] = new JsonArray("absent", "empty", "placeholder", "literal") };
        definitions["certificateState"] = new JsonObject { ["enum"] = new JsonArray("absent", "empty", "placeholder", "present") };
        definitions["certificateInfo"] = CertificateInfo();
        definitions["privateKey"] = PrivateKey();
        definitions["strings"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } };
        definitions["connectedApp"] = ConnectedApp();
        definitions["externalClientApp"] = ExternalClientApp();
        definitions["config"] = Config();
        definitions["baseDocument"] = new JsonObject
        {
            ["description"] = "input.base: the comparison base's document (a git revision, or a pull request's base commit), in the same shape as the head's, plus renames and hiddenByForceIgnore.",
            ["type"] = "object",
            ["required"] = new JsonArray("schemaVersion", "connectedApps", "externalClientApps"),
            ["additionalProperties"] = false,
            ["properties"] = DocumentProperties(withBase: false),
        };

        return new JsonObject
        {
            ["$schema"] = "http://json-schema.org/draft-07/schema#",
            ["$id"] = "https://github.com/oauthguard/oauthguard/docs/input-document.schema.json",
            ["title"] = "OAuthGuard input document",
            ["description"] = "What the policies receive as `input` (docs/contracts.md §1, docs/input-document.md). Generated from the reader's WSDL tables by tests/OAuthGuard.Salesforce.Tests (SchemaGenerator); do not edit by hand.",
            ["type"] = "object",
            ["required"] = new JsonArray("schemaVersion", "connectedApps", "externalClientApps"),
            ["additionalProperties"] = false,
            ["properties"] = DocumentProperties(withBase: true),
            ["definitions"] = new JsonObject([.. definitions.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)d.Value))]),
        };
    }

    private static JsonObject DocumentProperties(bool withBase)
    {
        var properties = new JsonObject
        {
            ["schemaVersion"] = new JsonObject { ["const"] = 1 },
            ["project"] = new JsonObject
            {
                ["description"] = "What sfdx-project.json declares, when the repository has one.",
                ["type"] = "object",
                ["required"] = new JsonArray("file", "packageDirectories"),
                ["additionalProperties"] = false,
                ["properties"] = new JsonObject
                {
                    ["file"] = new JsonObject { ["type"] = "string" },
                    ["packageDirectories"] = Ref("strings"),
                    ["sourceApiVersion"] = new JsonObject { ["type"] = "string" },
                },
            },
            ["connectedApps"] = new JsonObject { ["type"] = "array", ["items"] = Ref("connectedApp") },
            ["externalClientApps"] = new JsonObject { ["type"] = "array", ["items"] = Ref("externalClientApp") },
            ["keys"] = new JsonObject { ["type"] = "array", ["items"] = Ref("privateKey") },
            ["config"] = Ref("config"),
            ["scan"] = new JsonObject
            {
                ["description"] = "Added by the scan: the UTC date it runs on (certificate expiry is judged against it).",
                ["type"] = "object",
                ["required"] = new JsonArray("date"),
                ["additionalProperties"] = false,
                ["properties"] = new JsonObject { ["date"] = new JsonObject { ["type"] = "string", ["pattern"] = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" } },
            },
        };
        if (withBase)
        {
            properties["base"] = Ref("baseDocument");
        }
        else
        {
            properties["renames"] = new JsonObject
            {
                ["description"] = "Files the change renamed: path in the scanned tree -> path in the base.",
                ["type"] = "object",
                ["additionalProperties"] = new JsonObject { ["type"] = "string" },
            };
            properties["hiddenByForceIgnore"] = new JsonObject
            {
                ["description"] = "Metadata files the base scanned that the change's .forceignore hides (only when the change edits .forceignore), with the .forceignore line that hides each.",
                ["type"] = "array",
                ["items"] = new JsonObject
                {
                    ["type"] = "object",
                    ["required"] = new JsonArray("file", "line", "pattern"),
                    ["additionalProperties"] = false,
                    ["properties"] = new JsonObject
                    {
                        ["file"] = new JsonObject { ["type"] = "string", ["description"] = "Path relative to the scanned folder." },
                        ["line"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["description"] = "The line of the head's .forceignore that hides it." },
                        ["pattern"] = new JsonObject { ["type"] = "string", ["description"] = "That line's text." },
                    },
                },
            };
        }

        return properties;
    }

    private static JsonObject Config()
    {
        var severity = new JsonObject { ["enum"] = new JsonArray("critical", "high", "medium", "low", "note") };
        var severityMap = new JsonObject { ["type"] = "object", ["additionalProperties"] = severity.DeepClone() };
        var text = new JsonObject { ["type"] = "string" };
        return new JsonObject
        {
            ["description"] = "Added by the scan from .oauthguard.yml (docs/input-document.md): what SFOAUTH104 compares with input.base.config.",
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["properties"] = new JsonObject
            {
                ["certificates"] = new JsonObject
                {
                    ["type"] = "object",
                    ["additionalProperties"] = false,
                    ["properties"] = new JsonObject { ["expiryWarningDays"] = new JsonObject { ["type"] = "integer", ["minimum"] = 0 } },
                },
                ["apps"] = new JsonObject
                {
                    ["type"] = "object",
                    ["additionalProperties"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["additionalProperties"] = false,
                        ["properties"] = new JsonObject { ["client"] = new JsonObject { ["enum"] = new JsonArray("private", "public") } },
                    },
                },
                ["file"] = text.DeepClone(),
                ["rules"] = new JsonObject
                {
                    ["type"] = "object",
                    ["additionalProperties"] = false,
                    ["properties"] = new JsonObject
                    {
                        ["disabled"] = Ref("strings"),
                        ["severity"] = severityMap.DeepClone(),
                        ["defaults"] = severityMap.DeepClone(),
                    },
                },
                ["failOn"] = new JsonObject { ["enum"] = new JsonArray("critical", "high", "medium", "low", "note", "none") },
                ["policies"] = Ref("strings"),
                ["baseline"] = text.DeepClone(),
                ["suppressions"] = new JsonObject
                {
                    ["type"] = "array",
                    ["items"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["required"] = new JsonArray("rule", "app"),
                        ["additionalProperties"] = false,
                        ["properties"] = new JsonObject { ["rule"] = text.DeepClone(), ["app"] = text.DeepClone() },
                    },
                },
                ["inlineSuppressions"] = new JsonObject
                {
                    ["type"] = "array",
                    ["items"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["required"] = new JsonArray("rules", "file", "path", "line"),
                        ["additionalProperties"] = false,
                        ["properties"] = new JsonObject
                        {
                            ["rules"] = Ref("strings"),
                            ["file"] = text.DeepClone(),
                            ["path"] = text.DeepClone(),
                            ["line"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1 },
                        },
                    },
                },
            },
        };
    }

    private static JsonObject ConnectedApp() => new()
    {
        ["type"] = "object",
        ["required"] = new JsonArray("name", "file", "format", "metadata", "facts", "invalid"),
        ["additionalProperties"] = false,
        ["properties"] = new JsonObject
        {
            ["name"] = new JsonObject { ["type"] = "string" },
            ["file"] = new JsonObject { ["type"] = "string" },
            ["format"] = new JsonObject { ["enum"] = new JsonArray("source", "mdapi") },
            ["metadata"] = Ref(MetadataKind.ConnectedApp.RootSpec!.Name),
            ["facts"] = Facts(
                ("oauthEnabled", new JsonObject { ["type"] = "boolean" }),
                ("callbackUrls", Ref("strings")),
                ("consumerSecret", Ref("secretState")),
                ("consumerKey", Ref("secretState")),
                ("certificate", Ref("certificateState")),
                ("mobile", new JsonObject { ["type"] = "boolean" }),
                ("certificateInfo?", Ref("certificateInfo"))),
            ["invalid"] = Invalid(withFile: false),
        },
    };

    private static JsonObject ExternalClientApp()
    {
        var files = new JsonObject();
        var properties = new JsonObject
        {
            ["name"] = new JsonObject { ["type"] = "string" },
            ["files"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = false, ["properties"] = files },
        };
        foreach (var kind in MetadataKind.All.Where(k => k.PartKey is not null))
        {
            files[kind.PartKey!] = new JsonObject { ["type"] = "string" };
            properties[kind.PartKey!] = kind.RootSpec is { } spec ? Ref(spec.Name) : Ref("unknownObject");
        }

        properties["facts"] = Facts(
            ("callbackUrls", Ref("strings")),
            ("scopes", Ref("strings")),
            ("consumerSecret", Ref("secretState")),
            ("consumerKey", Ref("secretState")),
            ("certificate", Ref("certificateState")),
            ("parentMissing", new JsonObject { ["type"] = "boolean" }),
            ("certificateInfo?", Ref("certificateInfo")));
        properties["invalid"] = Invalid(withFile: true);
        return new JsonObject
        {
            ["type"] = "object",
            ["required"] = new JsonArray("name", "files", "facts", "invalid"),
            ["additionalProperties"] = false,
            ["properties"] = properties,
        };
    }

    /// <summary>Facts by name; a name ending in '?' is optional.</summary>
    private static JsonObject Facts(params (string Name, JsonNode Schema)[] facts) => new()
    {
        ["type"] = "object",
        ["required"] = new JsonArray([.. facts.Where(f => !f.Name.EndsWith('?')).Select(f => (JsonNode?)JsonValue.Create(f.Name))]),
        ["additionalProperties"] = false,
        ["properties"] = new JsonObject([.. facts.Select(f => KeyValuePair.Create(f.Name.TrimEnd('?'), (JsonNode?)f.Schema))]),
    };

    private static JsonObject Hex() => new() { ["type"] = "string", ["pattern"] = "^[0-9a-f]{64}$" };

    private static JsonObject Rfc3339() => new() { ["type"] = "string", ["pattern"] = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$" };

    private static JsonObject CertificateInfo() => new()
    {
        ["description"] = "What a parsed certificate says about itself (only for facts.certificate = present, and only when it parses).",
        ["type"] = "object",
        ["required"] = new JsonArray("subject", "issuer", "selfSigned", "notBefore", "notAfter", "keyAlgorithm", "keySize", "signatureAlgorithm", "signatureHash", "publicKeySha256", "sha256"),
        ["additionalProperties"] = false,
        ["properties"] = new JsonObject
        {
            ["subject"] = new JsonObject { ["type"] = "string" },
            ["issuer"] = new JsonObject { ["type"] = "string" },
            ["selfSigned"] = new JsonObject { ["type"] = "boolean" },
            ["notBefore"] = Rfc3339(),
            ["notAfter"] = Rfc3339(),
            ["keyAlgorithm"] = new JsonObject { ["type"] = "string" },
            ["keySize"] = new JsonObject { ["type"] = "integer", ["minimum"] = 0 },
            ["signatureAlgorithm"] = new JsonObject { ["type"] = "string" },
            ["signatureHash"] = new JsonObject { ["type"] = "string" },
            ["publicKeySha256"] = Hex(),
            ["sha256"] = Hex(),
        },
    };

    private static JsonObject PrivateKey() => new()
    {
        ["description"] = "A private key found in the repository: facts only, never key material.",
        ["type"] = "object",
        ["required"] = new JsonArray("file", "kind", "encrypted"),
        ["additionalProperties"] = false,
        ["properties"] = new JsonObject
        {
            ["file"] = new JsonObject { ["type"] = "string" },
            ["kind"] = new JsonObject { ["enum"] = new JsonArray("pkcs8", "pkcs1", "ec", "dsa", "openssh", "encrypted-pkcs8", "pkcs12", "encrypted-file") },
            ["encrypted"] = new JsonObject { ["type"] = "boolean" },
            ["publicKeySha256"] = Hex(),
            ["keyAlgorithm"] = new JsonObject { ["type"] = "string" },
            ["keySize"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1 },
        },
    };

    private static JsonObject Invalid(bool withFile)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        if (withFile)
        {
            properties["file"] = new JsonObject { ["type"] = "string" };
            required.Add("file");
        }

        properties["path"] = new JsonObject { ["type"] = "string" };
        properties["text"] = new JsonObject { ["type"] = "string" };
        properties["expected"] = new JsonObject { ["type"] = "string" };
        required.Add("path");
        required.Add("text");
        required.Add("expected");
        return new JsonObject
        {
            ["type"] = "array",
            ["items"] = new JsonObject
            {
                ["type"] = "object",
                ["required"] = required,
                ["additionalProperties"] = false,
                ["properties"] = properties,
            },
        };
    }

    private static void AddComplex(ComplexTypeSpec spec, SortedDictionary<string, JsonNode> definitions)
    {
        if (definitions.ContainsKey(spec.Name))
        {
            return;
        }

        var properties = new JsonObject();
        definitions[spec.Name] = new JsonObject
        {
            ["description"] = $"Salesforce {spec.Name} (Metadata API WSDL v63); undeclared elements are kept untyped.",
            ["type"] = "object",
            ["properties"] = properties,
            ["additionalProperties"] = Ref("unknown"),
        };
        foreach (var field in spec.Fields.Values.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            JsonNode single = field.Kind switch
            {
                FieldKind.Boolean => new JsonObject { ["type"] = "boolean" },
                FieldKind.WholeNumber => new JsonObject { ["type"] = "integer" },
                FieldKind.Number => new JsonObject { ["type"] = "number" },
                FieldKind.Enumeration => new JsonObject { ["enum"] = new JsonArray([.. field.EnumValues!.Order(StringComparer.Ordinal).Select(v => (JsonNode?)JsonValue.Create(v))]) },
                FieldKind.Complex => Ref(field.Complex!.Name),
                _ => new JsonObject { ["type"] = "string" },
            };
            if (field.Complex is { } complex)
            {
                AddComplex(complex, definitions);
            }

            // A complex element that holds text instead of children is kept as that text; one that
            // repeats where Salesforce allows it once becomes an array. Nothing else is accepted.
            var value = field.Kind == FieldKind.Complex
                ? new JsonObject { ["anyOf"] = new JsonArray(single, new JsonObject { ["type"] = "string" }, new JsonObject { ["type"] = "array", ["items"] = Ref(field.Complex!.Name) }) }
                : new JsonObject { ["anyOf"] = new JsonArray(single, Ref("raw")) };
            properties[field.Name] = field.Repeatable
                ? new JsonObject { ["type"] = "array", ["items"] = value }
                : value;
        }
    }

    private static JsonObject Ref(string name) => new() { ["$ref"] = "#/definitions/" + name };
}
