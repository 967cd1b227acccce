using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>The certificate extensions Go's x509 package turns into fields.</summary>
internal static partial class X509Json
{
    private static ExtensionFacts Extensions(X509ExtensionCollection extensions)
    {
        var facts = new ExtensionFacts();
        var list = new List<RegoValue>();
        foreach (var e in extensions)
        {
            list.Add(Obj(("Id", Oid(e.Oid!.Value!)), ("Critical", Operands.Bool(e.Critical)), ("Value", Bytes(e.RawData))));
            switch (e.Oid.Value)
            {
                case "2.5.29.15":
                    var bits = new AsnReader(e.RawData, AsnEncodingRules.DER).ReadBitString(out var unused);
                    for (var i = 0; i < bits.Length * 8 - unused && i < 9; i++)
                    {
                        if ((bits[i / 8] & (0x80 >> (i % 8))) != 0)
                        {
                            facts.KeyUsage |= 1 << i;
                        }
                    }

                    break;
                case "2.5.29.19":
                    var bc = new AsnReader(e.RawData, AsnEncodingRules.DER).ReadSequence();
                    facts.BasicConstraintsValid = true;
                    facts.IsCA = bc.HasData && bc.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean) && bc.ReadBoolean();
                    facts.MaxPathLen = bc.HasData ? (int)bc.ReadInteger() : -1;
                    break;
                case "2.5.29.37":
                    var usages = new AsnReader(e.RawData, AsnEncodingRules.DER).ReadSequence();
                    var known = new List<RegoValue>();
                    var unknown = new List<RegoValue>();
                    while (usages.HasData)
                    {
                        var oid = usages.ReadObjectIdentifier();
                        if (ExtKeyUsages.TryGetValue(oid, out var n))
                        {
                            known.Add(Num(n));
                        }
                        else
                        {
                            unknown.Add(Oid(oid));
                        }
                    }

                    facts.ExtKeyUsage = known.Count == 0 ? Null : RegoArray.Create(known);
                    facts.UnknownExtKeyUsage = unknown.Count == 0 ? Null : RegoArray.Create(unknown);
                    break;
                case "2.5.29.14":
                    facts.SubjectKeyId = Bytes(new AsnReader(e.RawData, AsnEncodingRules.DER).ReadOctetString());
                    break;
                case "2.5.29.35":
                    var aki = new AsnReader(e.RawData, AsnEncodingRules.DER).ReadSequence();
                    if (aki.HasData && aki.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
                    {
                        facts.AuthorityKeyId = Bytes(aki.ReadOctetString(new Asn1Tag(TagClass.ContextSpecific, 0)));
                    }

                    break;
                case "2.5.29.17":
                    facts.AlternativeNames = AlternativeNames.Read(e.RawData);
                    break;
                case "1.3.6.1.5.5.7.1.1":
                    var ocsp = new List<RegoValue>();
                    var issuers = new List<RegoValue>();
                    var access = new AsnReader(e.RawData, AsnEncodingRules.DER).ReadSequence();
                    while (access.HasData)
                    {
                        var description = access.ReadSequence();
                        var method = description.ReadObjectIdentifier();
                        if (description.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 6)))
                        {
                            var url = Operands.Str(description.ReadCharacterString(UniversalTagNumber.IA5String, new Asn1Tag(TagClass.ContextSpecific, 6)));
                            (method == "1.3.6.1.5.5.7.48.1" ? ocsp : method == "1.3.6.1.5.5.7.48.2" ? issuers : []).Add(url);
                        }
                    }

                    facts.OcspServers = ocsp.Count == 0 ? Null : RegoArray.Create(ocsp);
                    facts.IssuingCertificateUrls = issuers.Count == 0 ? Null : RegoArray.Create(issuers);
                    break;
                case "2.5.29.31":
                    facts.CrlDistributionPoints = CrlUrls(e.RawData);
                    break;
                case "2.5.29.32":
                    var identifiers = new List<RegoValue>();
                    var dotted = new List<RegoValue>();
                    var policies = new AsnReader(e.RawData, AsnEncodingRules.DER).ReadSequence();
                    while (policies.HasData)
                    {
                        var oid = policies.ReadSequence().ReadObjectIdentifier();
                        identifiers.Add(Oid(oid));
                        dotted.Add(Operands.Str(oid));
                    }

                    facts.PolicyIdentifiers = identifiers.Count == 0 ? Null : RegoArray.Create(identifiers);
                    facts.Policies = dotted.Count == 0 ? Null : RegoArray.Create(dotted);
                    break;
            }
        }

        facts.List = list.Count == 0 ? Null : RegoArray.Create(list);
        return facts;
    }

    /// <summary>The URIs of the full names of CRL distribution points (what Go keeps).</summary>
    private static RegoValue CrlUrls(byte[] raw)
    {
        var urls = new List<RegoValue>();
        var points = new AsnReader(raw, AsnEncodingRules.DER).ReadSequence();
        while (points.HasData)
        {
            var point = points.ReadSequence();
            if (!point.HasData || !point.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            {
                continue;
            }

            var name = point.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0));
            if (!name.HasData || !name.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            {
                continue;
            }

            var fullName = name.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0));
            while (fullName.HasData)
            {
                var tag = fullName.PeekTag();
                if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue == 6)
                {
                    urls.Add(Operands.Str(fullName.ReadCharacterString(UniversalTagNumber.IA5String, tag)));
                }
                else
                {
                    fullName.ReadEncodedValue();
                }
            }
        }

        return urls.Count == 0 ? Null : RegoArray.Create(urls);
    }

    private sealed class ExtensionFacts
    {
        public RegoValue List { get; set; } = Null;

        public int KeyUsage { get; set; }

        public bool BasicConstraintsValid { get; set; }

        public bool IsCA { get; set; }

        public int MaxPathLen { get; set; }

        public RegoValue ExtKeyUsage { get; set; } = Null;

        public RegoValue UnknownExtKeyUsage { get; set; } = Null;

        public RegoValue SubjectKeyId { get; set; } = Null;

        public RegoValue AuthorityKeyId { get; set; } = Null;

        public AlternativeNames AlternativeNames { get; set; } = new([], [], [], []);

        public RegoValue OcspServers { get; set; } = Null;

        public RegoValue IssuingCertificateUrls { get; set; } = Null;

        public RegoValue CrlDistributionPoints { get; set; } = Null;

        public RegoValue PolicyIdentifiers { get; set; } = Null;

        public RegoValue Policies { get; set; } = Null;
    }

    /// <summary>The subject alternative names Go keeps: DNS names, e-mail addresses, IP addresses and URIs.</summary>
    private sealed record AlternativeNames(List<RegoValue> Dns, List<RegoValue> Email, List<RegoValue> Ip, List<RegoValue> Uri)
    {
        /// <summary>The URIs as written (OPA's <c>URIStrings</c>, next to Go's parsed <c>URIs</c>).</summary>
        public List<RegoValue> UriText { get; } = [];

        public static AlternativeNames Read(byte[] raw)
        {
            var names = new AlternativeNames([], [], [], []);
            var seq = new AsnReader(raw, AsnEncodingRules.DER).ReadSequence();
            while (seq.HasData)
            {
                var tag = seq.PeekTag();
                if (tag.TagClass != TagClass.ContextSpecific)
                {
                    seq.ReadEncodedValue();
                    continue;
                }

                switch (tag.TagValue)
                {
                    case 1:
                        names.Email.Add(Operands.Str(seq.ReadCharacterString(UniversalTagNumber.IA5String, tag)));
                        break;
                    case 2:
                        names.Dns.Add(Operands.Str(seq.ReadCharacterString(UniversalTagNumber.IA5String, tag)));
                        break;
                    case 6:
                        var uri = seq.ReadCharacterString(UniversalTagNumber.IA5String, tag);
                        names.Uri.Add(UriValue(uri));
                        names.UriText.Add(Operands.Str(uri));
                        break;
                    case 7:
                        names.Ip.Add(Operands.Str(new IPAddress(seq.ReadOctetString(tag)).ToString()));
                        break;
                    default:
                        seq.ReadEncodedValue();
                        break;
                }
            }

            return names;
        }

        public void AddTo(Dictionary<string, RegoValue> f, bool uriStrings)
        {
            f["DNSNames"] = Dns.Count == 0 ? Null : RegoArray.Create(Dns);
            f["EmailAddresses"] = Email.Count == 0 ? Null : RegoArray.Create(Email);
            f["IPAddresses"] = Ip.Count == 0 ? Null : RegoArray.Create(Ip);
            f["URIs"] = Uri.Count == 0 ? Null : RegoArray.Create(Uri);
            if (uriStrings)
            {
                // OPA adds the URIs as written to certificates (not to certificate requests).
                f["URIStrings"] = UriText.Count == 0 ? Null : RegoArray.Create(UriText);
            }
        }

        /// <summary>Go's <c>url.URL</c> JSON (its exported fields).</summary>
        private static RegoObject UriValue(string text)
        {
            System.Uri.TryCreate(text, UriKind.Absolute, out var u);
            var scheme = u?.Scheme ?? string.Empty;
            return Obj(
                ("Scheme", Operands.Str(scheme)),
                ("Opaque", Operands.Str(string.Empty)),
                ("User", Null),
                ("Host", Operands.Str(u is null ? string.Empty : u.IsDefaultPort ? u.Host : $"{u.Host}:{u.Port}")),
                ("Path", Operands.Str(u is null ? text : System.Uri.UnescapeDataString(u.AbsolutePath))),
                ("RawPath", Operands.Str(string.Empty)),
                ("OmitHost", RegoBoolean.False),
                ("ForceQuery", RegoBoolean.False),
                ("RawQuery", Operands.Str(u is null || u.Query.Length == 0 ? string.Empty : u.Query[1..])),
                ("Fragment", Operands.Str(u is null || u.Fragment.Length == 0 ? string.Empty : System.Uri.UnescapeDataString(u.Fragment[1..]))),
                ("RawFragment", Operands.Str(string.Empty)));
        }
    }
}
