#!/usr/bin/env python3
"""Large tenant exports, for measuring what --directory and --mailbox-state take to read.

Usage: bench/make_tenant_exports.py OUT_DIR [--mailboxes N] [--senders K] [--utf16]
                                    [--manifest M] [--refs R]

Writes, for N mailboxes (default 20,000) ann0@contoso.com ... of display names "User 0" ...:
  directory.csv / directory.json / directory.xml: Get-Recipient as Export-Csv, ConvertTo-Json
      and Export-Clixml write it (Name, Alias, DisplayName, PrimarySmtpAddress, EmailAddresses);
  junk.xml / junk.json / junk.csv: Get-MailboxJunkEmailConfiguration of every mailbox, its
      Identity the display name (so the directory resolves it), K trusted and K/2 blocked
      senders each (default 20, which makes junk.xml about 31 MB).
--manifest M also writes manifest.jsonl, M entries of a path, an IP, a recipient and a time
(a million: 136 MB); --refs R refs.xml, a state of R mailboxes ann0@contoso.com ... each naming its
trusted list again by a <Ref> as its blocked list (140,000: 33 MB), for the memory the RefIds
and the objects <Ref>s name take.
--utf16 writes the XML as Windows PowerShell 5.1's Export-Clixml does (UTF-16 LE with a byte
order mark). Files go to OUT_DIR (never the repository): they are tens of megabytes.

Measure with `/usr/bin/time -v build/mfsim run --rules eop-default --directory
OUT/directory.xml --mailbox-state OUT/junk.xml SOME_MAIL` ("Maximum resident set size").
"""
import argparse
import json
import os

NS = "http://schemas.microsoft.com/powershell/2004/04"
JUNK_TYPE = "Deserialized.Microsoft.Exchange.Data.Storage.Management.MailboxJunkEmailConfiguration"
LIST_TYPE = ("Deserialized.Microsoft.Exchange.Data.MultiValuedProperty`1[[System.String, mscorlib, "
             "Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089]]")
RECIPIENT_TYPE = "Deserialized.Microsoft.Exchange.Data.Directory.Management.ReducedRecipient"


def recipient(k):
    return {
        "Name": f"user{k}",
        "Alias": f"user{k}",
        "DisplayName": f"User {k}",
        "PrimarySmtpAddress": f"ann{k}@contoso.com",
        "EmailAddresses": [f"SMTP:ann{k}@contoso.com", f"smtp:u{k}@contoso.com"],
        "RecipientType": "UserMailbox",
        "RecipientTypeDetails": "UserMailbox",
        "Department": "Sales" if k % 2 else "Finance",
    }


def junk(k, senders):
    return {
        "RunspaceId": f"00000000-0000-0000-0000-{k:012d}",
        "Enabled": k % 10 != 0,
        "TrustedListsOnly": False,
        "ContactsTrusted": k % 3 == 0,
        "TrustedSendersAndDomains": [f"partner{j}@fabrikam{k % 97}.com" for j in range(senders)],
        "BlockedSendersAndDomains": [f"spam{j}.example{k % 89}.net" for j in range(senders // 2)],
        "MailboxOwnerId": f"User {k}",
        "Identity": f"User {k}",
        "IsValid": True,
        "ObjectState": "Unchanged",
    }


def escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clixml_value(name, value, ref, first_list):
    """One property as Export-Clixml writes it; `ref` is the next RefId (a list)."""
    if isinstance(value, bool):
        return f'<B N="{name}">{"true" if value else "false"}</B>', ref
    if isinstance(value, list):
        type_name = (f'<TN RefId="1"><T>{LIST_TYPE}</T><T>Deserialized.System.Object</T></TN>'
                     if first_list[0] else '<TNRef RefId="1" />')
        first_list[0] = False
        items = "".join(f"<S>{escape(v)}</S>" for v in value)
        return (f'<Obj N="{name}" RefId="{ref}">{type_name}<LST>{items}</LST></Obj>', ref + 1)
    return f'<S N="{name}">{escape(value)}</S>', ref


def write_clixml(path, objects, type_name, utf16):
    ref = 0
    first_list = [True]
    parts = [f'<Objs Version="1.1.0.1" xmlns="{NS}">\n']
    for k, obj in enumerate(objects):
        tn = (f'<TN RefId="0"><T>{type_name}</T><T>Deserialized.System.Object</T></TN>'
              if k == 0 else '<TNRef RefId="0" />')
        this = ref
        ref += 1
        props = []
        for name, value in obj.items():
            text, ref = clixml_value(name, value, ref, first_list)
            props.append("      " + text + "\n")
        parts.append(f'  <Obj RefId="{this}">\n    {tn}\n    <ToString>{escape(obj["Name"] if "Name" in obj else obj["Identity"])}</ToString>\n'
                     f'    <Props>\n{"".join(props)}    </Props>\n  </Obj>\n')
    parts.append("</Objs>")
    text = "".join(parts)
    with open(path, "wb") as f:
        f.write(b"\xff\xfe" + text.encode("utf-16-le") if utf16 else text.encode("utf-8"))


def write_csv(path, objects, type_name):
    def cell(v):
        if isinstance(v, list):
            v = ";".join(v)
        elif isinstance(v, bool):
            v = "True" if v else "False"
        return '"' + str(v).replace('"', '""') + '"'

    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(f"#TYPE {type_name}\r\n")
        f.write(",".join(cell(k) for k in objects[0]) + "\r\n")
        for obj in objects:
            f.write(",".join(cell(v) for v in obj.values()) + "\r\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir")
    parser.add_argument("--mailboxes", type=int, default=20000)
    parser.add_argument("--senders", type=int, default=20)
    parser.add_argument("--utf16", action="store_true")
    parser.add_argument("--manifest", type=int, default=0)
    parser.add_argument("--refs", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    recipients = [recipient(k) for k in range(args.mailboxes)]
    settings = [junk(k, args.senders) for k in range(args.mailboxes)]
    out = lambda name: os.path.join(args.out_dir, name)  # noqa: E731
    for name, objects, type_name in (("directory", recipients, RECIPIENT_TYPE),
                                     ("junk", settings, JUNK_TYPE)):
        write_clixml(out(name + ".xml"), objects, type_name, args.utf16)
        with open(out(name + ".json"), "w", encoding="utf-8") as f:
            json.dump(objects, f, indent=2)
        write_csv(out(name + ".csv"), objects, type_name)
    if args.manifest:
        with open(out("manifest.jsonl"), "w", encoding="utf-8", newline="\n") as f:
            for k in range(args.manifest):
                f.write(json.dumps({"id": f"corpus/spam/{k:08d}.eml", "client_ip":
                                    f"203.0.{k // 256 % 256}.{k % 256}", "recipients":
                                    [f"ann{k % 20000}@contoso.com"], "received":
                                    f"2025-03-{k % 28 + 1:02d}T10:00:00Z"}) + "\n")
    if args.refs:
        # Each mailbox's trusted list named again by a <Ref> as its blocked list, as Export-Clixml
        # writes an object met again: R RefIds kept, R objects kept and R copies.
        with open(out("refs.xml"), "w", encoding="utf-8") as f:
            f.write(f'<Objs Version="1.1.0.1" xmlns="{NS}">\n')
            for k in range(args.refs):
                f.write(f'<Obj><Props><S N="Identity">ann{k}@contoso.com</S>'
                        f'<Obj N="TrustedSendersAndDomains" RefId="{k}"><LST>'
                        '<S>spam.example.net</S><S>a.example</S><S>b.example</S></LST></Obj>'
                        f'<Ref N="BlockedSendersAndDomains" RefId="{k}"/></Props></Obj>\n')
            f.write("</Objs>")
    for name in sorted(os.listdir(args.out_dir)):
        print(f"{out(name)}: {os.path.getsize(out(name)):,} bytes")


if __name__ == "__main__":
    main()
