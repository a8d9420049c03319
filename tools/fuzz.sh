#!/usr/bin/env bash
# Builds one libFuzzer target (clang, ASan, UBSan) in build-fuzz/, seeds its corpus and runs it.
# Usage: tools/fuzz.sh TARGET SECONDS [libFuzzer options...]
#   TARGET: header_scanner | rfc2047 | ip_range | yaml_loader | mbox | evaluate | outlook |
#           powershell_parser | dsc_reader | manifest | expectations | exported_xml | json_export |
#           clixml | message_inspection | sensitive_info | attachment_content | directory | mailbox_state
# Findings land in build-fuzz/findings/TARGET/ (crash-*, timeout-*, leak-*); the corpus
# grows in build-fuzz/corpus/TARGET/ and is kept between runs.
set -euo pipefail
# The sibling shared/ folder with the corpora; MFSIM_SHARED_DIR overrides it.
shared=${MFSIM_SHARED_DIR:-$(dirname "$0")/../../shared}
shared=$(cd "$shared" 2>/dev/null && pwd || echo "$shared")
cd "$(dirname "$0")/.."

usage() { echo "usage: tools/fuzz.sh TARGET SECONDS [libFuzzer options...]" >&2; exit 2; }
[ $# -ge 2 ] || usage
target=$1 seconds=$2
shift 2
case $target in
  header_scanner|rfc2047|ip_range|yaml_loader|mbox|evaluate|outlook|powershell_parser|dsc_reader) ;;
  manifest|expectations|exported_xml|json_export|clixml|message_inspection|sensitive_info) ;;
  attachment_content|directory|mailbox_state) ;;
  *) echo "tools/fuzz.sh: unknown target '$target'" >&2; usage ;;
esac

build=${MFSIM_FUZZ_BUILD_DIR:-build-fuzz}
jobs=${MFSIM_FUZZ_JOBS:-2}
clangxx=${CXX_FUZZ:-$(command -v clang++ || command -v clang++-14 || true)}
[ -n "$clangxx" ] || { echo "tools/fuzz.sh: clang++ not found (tools/install-deps.sh installs it)" >&2; exit 2; }

if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S . -B "$build" -DCMAKE_CXX_COMPILER="$clangxx" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DMFSIM_FUZZ=ON -DMFSIM_BUILD_TESTS=OFF -DMFSIM_BUILD_BENCH=OFF >/dev/null
fi
# tools/fuzz-smoke.sh builds every target first and runs several at once: one ninja per folder.
if [ -z "${MFSIM_FUZZ_NO_BUILD:-}" ]; then
  cmake --build "$build" -j"$jobs" --target "fuzz_$target"
fi

corpus=$build/corpus/$target
findings=$build/findings/$target
mkdir -p "$corpus" "$findings"

# Copies each file under $1 (regular files, at most 256 KiB) into the corpus, named by hash so
# that seeding twice adds nothing.
seed_from() {
  [ -d "$1" ] || return 0
  find "$1" -type f -size -256k ! -name 'LICENSE*' ! -name 'NOTICE*' ! -name COPYING -print0 |
    while IFS= read -r -d '' f; do
      cp "$f" "$corpus/seed-$(sha1sum <"$f" | cut -c1-16)"
    done
}

# One seed from a string.
seed_text() { printf '%s' "$1" >"$corpus/seed-$(printf '%s' "$1" | sha1sum | cut -c1-16)"; }

if [ -z "$(ls -A "$corpus")" ]; then
  case $target in
    header_scanner|mbox|evaluate|message_inspection)
      seed_from "$shared/corpora/torture"
      seed_from corpus/samples
      if [ "$target" = message_inspection ]; then
        # Messages attaching Office documents, nested ZIPs, gzip and tar (fuzz/seed_attachments.cc).
        [ -n "${MFSIM_FUZZ_NO_BUILD:-}" ] || cmake --build "$build" -j"$jobs" --target fuzz_seed_attachments
        "$build/fuzz/fuzz_seed_attachments" "$corpus" eml
      fi
      ;;
    attachment_content)
      [ -n "${MFSIM_FUZZ_NO_BUILD:-}" ] || cmake --build "$build" -j"$jobs" --target fuzz_seed_attachments
      "$build/fuzz/fuzz_seed_attachments" "$corpus" raw
      seed_from tests/testdata/pdf  # PDFs encrypted by qpdf (tests/testdata/pdf.md)
      ;;
    rfc2047)
      # Header lines that hold an encoded word: whole messages would make each run slow.
      # The corpora may be absent (a clone without ../shared): then the samples alone.
      sources=(corpus/samples)
      if [ -d "$shared/corpora/torture" ]; then sources+=("$shared/corpora/torture"); fi
      grep -rahE '=\?[^?]+\?[bBqQ]\?' "${sources[@]}" 2>/dev/null |
        head -c 4000000 | sort -u | head -3000 | while IFS= read -r line; do seed_text "$line"; done
      ;;
    outlook)
      # .msg files, PSTs (larger than seed_from's bound) and a few plain messages for --unwrap.
      if [ -d "$shared/corpora/outlook" ]; then  # absent in a clone without ../shared
        find "$shared/corpora/outlook" -type f \( -name '*.msg' -o -name '*.pst' \) -size -3M -print0 |
          while IFS= read -r -d '' f; do cp "$f" "$corpus/seed-$(sha1sum <"$f" | cut -c1-16)"; done
      fi
      seed_from corpus/samples
      ;;
    yaml_loader)
      # Every preset, as `mfsim presets show NAME` prints it.
      [ -n "${MFSIM_FUZZ_NO_BUILD:-}" ] || cmake --build "$build" -j"$jobs" --target fuzz_seed_presets
      "$build/fuzz/fuzz_seed_presets" "$corpus"
      ;;
    powershell_parser)
      # The importer's test scripts, and the PowerShell inside the exported XML's command blocks.
      seed_from tests/testdata/import
      ;;
    exported_xml)
      # The importer's XML exports (UTF-8 and UTF-16), and one minimal rule.
      find tests/testdata/import -name '*.xml' -size -256k -print0 |
        while IFS= read -r -d '' f; do cp "$f" "$corpus/seed-$(sha1sum <"$f" | cut -c1-16)"; done
      seed_text $'<rules name="TransportVersioned"><rule name="x" format="cmdlet"><version requiredMinVersion="15.0.3.0"><commandBlock><![CDATA[New-TransportRule -Name \'x\' -SetSCL 5]]></commandBlock></version></rule></rules>'
      ;;
    json_export)
      # Get-* exports as ConvertTo-Json and the REST API write them.
      find tests/testdata/import -name '*.json' -size -256k -print0 |
        while IFS= read -r -d '' f; do cp "$f" "$corpus/seed-$(sha1sum <"$f" | cut -c1-16)"; done
      seed_text $'{"value":[{"name":"a","Priority":0,"SetSCL":5}],"Count":1}'
      ;;
    clixml)
      # Get-* exports as Export-Clixml writes them, and one minimal rule with a Ref.
      find tests/testdata/import/clixml -name '*.xml' -size -256k -print0 |
        while IFS= read -r -d '' f; do cp "$f" "$corpus/seed-$(sha1sum <"$f" | cut -c1-16)"; done
      seed_text $'<Objs Version="1.1.0.1"><Obj RefId="0"><TN RefId="0"><T>R</T></TN><Props><S N="Name">x</S><I32 N="SetSCL">5</I32><Obj N="SentTo" RefId="1"><LST><S>a@b.c</S></LST></Obj><Ref N="From" RefId="1"/></Props></Obj></Objs>'
      ;;
    dsc_reader)
      # The first byte picks the frame (fuzz/dsc_reader_fuzz.cc), its value modulo 3: '0' a
      # whole file, 1 inside a Node, 2 the properties of a resource block.
      find tests/testdata/import -type f -name '*.ps1' -print0 |
        while IFS= read -r -d '' f; do seed_text "0$(cat "$f")"; done
      seed_text $'\x01EXOTransportRule "r" { Name = "R"; SetSCL = 5; Ensure = "Present"; Priority = 3 }\nEXOAntiPhishPolicy "p" { Identity = "x" }'
      seed_text $'\x02Name = "R $OrganizationName"; HeaderContainsWords = @("UCE","SPOOF"); Credential = $Creds; Comments = "$(Get-Date)"'
      ;;
    manifest)
      seed_text $'{"id":"corpus/samples/01.eml","client_ip":"104.30.32.7","recipients":["a@contoso.com"],"received":"2024-03-20T09:41:11Z"}\n{"id":"m#2","client_ip":"2001:db8::1"}\n'
      seed_text $'id,client_ip,recipients,received\ncorpus/a.eml,104.30.32.7,a@contoso.com;b@contoso.com,2024-03-20T09:41:11Z\n"q,uoted",1.2.3.4,,\n'
      seed_text $'{"id":[[[[["x"]]]]]}\n'
      ;;
    expectations)
      seed_text $'{"id":"corpus/samples/01-uce-from-egress.eml","action":"quarantine","quarantine_policy":"UserNotifyUserRelease"}\n{"id":"b","action":"deliver","rules":[],"scl":5,"flags":["bare_cr"]}\n'
      seed_text $'\xef\xbb\xbf{"id":"a","verdikt":"spam"}\r\n{"id":"a"}\n[1,2]\n{"id":"c","rules":[[[["x"]]]]}\n'
      ;;
    sensitive_info)
      # Text with each type, its evidence, and near misses (docs/decisions.md, "DLP").
      seed_text $'Visa: 4111 1111 1111 1111\nExpires: 2/2012\nreservation 1234 1234 1234 1234'
      seed_text $'amex 3782 822463 10005, 5555-5555-5555-4444, x4111111111111111'
      seed_text $'routing transit number 0210-0002-1 aba 021000021 021000022'
      seed_text $'IBAN GB82 WEST 1234 5698 7654 32 de89370400440532013000 US82WEST12345698765432'
      seed_text $'SSN: 078-05-1120 born 12/31/1960 ssn 078051120 880-12-3456 666-12-3456'
      ;;
    directory)
      # The first byte chooses the form (directory_fuzz.cc), modulo 3: YAML, CSV, a group's
      # members (3 for YAML: a shell string holds no NUL).
      for f in tests/testdata/directory/*.yaml; do seed_text $'\x03'"$(cat "$f")"; done
      for f in tests/testdata/directory/get-*.csv; do seed_text $'\x01'"$(cat "$f")"; done
      seed_text $'\x02'"$(cat tests/testdata/directory/sales-team-members.csv)"
      ;;
    mailbox_state)
      # The example of docs/mailbox-state.md, and its JSON spelling.
      sed -n '/^```yaml$/,/^```$/p' docs/mailbox-state.md | sed '1d;$d' >"$corpus/seed-docs"
      seed_text $'{"mfsim_mailbox": 1, "mailboxes": [{"Recipient": "*", "ContactsTrusted": true, "InboxRules": [{"Name": "a", "From": ["b.com"], "MoveToFolder": "x"}]}]}'
      seed_text $'mfsim_mailbox: 1\nmailboxes:\n  - &a {Recipient: a@b.c}\n  - *a\n'
      ;;
    ip_range)
      for entry in 1.2.3.4 0.0.0.0 255.255.255.255 104.30.32.0/24 158.51.64.0/26 0.0.0.0/0 \
          1.2.3.4-1.2.3.9 ' 10.0.0.1 - 10.0.0.9 ' :: ::1 2001:db8::/32 2405:8100:c400::/38 \
          ::ffff:1.2.3.4 ::ffff:0:0/96 fe80::1:2:3:4 1:2:3:4:5:6:7:8 1::8 ::2:3:4:5:6:7:8 \
          2001:db8:0:0:1:0:0:1 ::/0 ::1-::ff 1.2.3 1.2.3.4.5 01.2.3.4 1.2.3.4/33 '[::1]' \
          fe80::1%eth0 1:2:3:4:5:6:1.2.3.4 'a-b' '1.2.3.4/' '/24'; do
        seed_text "$entry"
      done
      seed_text $'104.30.32.0/24\n104.30.33.0/24\n52.11.209.211\n2405:8100:c400::/38\n1.2.3.4-1.2.3.9'
      ;;
  esac
fi

# libolecf and libpff (not instrumented) leak on damaged files' error paths; mfsim's leaks still count.
export LSAN_OPTIONS="suppressions=$PWD/tools/lsan-suppressions.txt${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
dict=()
[ -f "fuzz/$target.dict" ] && dict=(-dict="fuzz/$target.dict")
echo "fuzz_$target: $(ls "$corpus" | wc -l) corpus files, $seconds s"
exec "$build/fuzz/fuzz_$target" "$corpus" -max_total_time="$seconds" -artifact_prefix="$findings/" \
  -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "${dict[@]}" "$@"
