// The options several subcommands share, with their checks and --help texts, for the files that
// register the subcommands (tools/command_line_*.cc). Those files and main.cc are the only ones
// that include CLI11 (header only): each file that includes it compiles about 100 KB of CLI11's
// own code, 6 s of a core, so the subcommands are registered in two files, by family, and their
// work lives in their own files (tools/cmd_*.cc), which do not include it.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "tools/evaluation_arguments.h"

namespace mfsim::tools {

// A message path: a file or folder that exists, or - for standard input. CLI11's own pair
// (ExistingPath | IsMember) refused a misspelt path as "(Path does not exist: X) OR (X not in
// {-})", which reads as two problems.
extern const CLI::Validator kMessagePath;

// What the paths of every command that reads messages may be, as --help says it.
inline constexpr const char* kMessagePathsHelp =
    "Message files (.eml or Outlook .msg), mbox files, PST files, ZIP archives, Maildirs and "
    "directories (walked recursively, sorted), gzip-compressed or not, or - for standard input";

// Adds --strict and --max-errors to a command that loads rules (tools/rule_source.h keeps them).
void add_rule_load_options(CLI::App& cmd);

// What --define says in --help.
inline constexpr const char* kDefineHelp =
    "NAME=VALUE: sets $NAME (and $ConfigurationData.NonNodeData.NAME) before a PowerShell "
    "script or Microsoft365DSC configuration runs, e.g. --define "
    "OrganizationName=contoso.onmicrosoft.com; repeatable";

// Adds --define NAME=VALUE (repeatable, checked) to a command that loads rule files; `name` and
// `help` give diff's --base-define, checked the same way.
void add_define_option(CLI::App& cmd, std::vector<std::string>& defines,
                       const char* name = "--define", const char* help = kDefineHelp);

// Adds --shard K/N to a subcommand.
void add_shard_option(CLI::App& cmd, std::string& shard);

// Adds --client-ip, --now, --message-verdict, --mailbox-state, --unwrap, the header limits and,
// when `corpus_options`, --manifest and --jobs: the same options with the same checks for every
// command that evaluates messages.
void add_evaluation_options(CLI::App& cmd, evaluation_arguments& args, bool corpus_options);

}  // namespace mfsim::tools
