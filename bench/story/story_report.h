// story_bench's output: the table per size (percentiles, candidates, joins),
// the baseline and ratios, peak RSS, and the diagnostics asked for
// (--by-key, --misses, --show). Prints to stdout; no state.
#pragma once

#include <cstddef>
#include <vector>

#include "bench/story/story_corpus.h"
#include "bench/story/story_run.h"

namespace feedwatch::bench {

void report(const Options& options, const StoryCorpus& corpus, const std::vector<SizeRun>& runs);

// To look at the data: `count` stories and one edited copy of each.
void show_stories(const StoryCorpus& corpus, std::size_t count);

}  // namespace feedwatch::bench
