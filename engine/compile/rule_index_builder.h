// compile()'s index of the rules (engine/eval/rule_index.h): each rule's key, the literals its
// patterns need, and the tables that find the rules a message can match.
#pragma once

#include "engine/eval/plan_internal.h"

namespace mfsim::compile_detail {

// Fills p.index from p.rules, adding the pattern literals to p.slot_words: call after the rules
// are compiled and before the slots' automata are finished.
void build_rule_index(plan::impl& p);

}  // namespace mfsim::compile_detail
