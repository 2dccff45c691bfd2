// StoryCorpus: the made-up news stories of story_bench. Story i depends only
// on the seed and i (own xorshift PRNG, so every machine gets the same
// stories and a stored story can be rebuilt without reading it back): an
// English headline of 6-14 words (a fifth in Title Case) over a summary of
// one to three sentences, two in five with a full article of 150-600 words;
// one in ten is Chinese. Words come from hand-written news vocabulary,
// made-up company and person names, places and numbers, in sentence
// templates, so stories share the phrases real wire copy shares ("said on
// Tuesday") and little else. edited_copy() makes another feed's copy of a
// story: a desk label, a source suffix or a word changed in the title, a
// cut, extended or reworded summary, the article kept, extended or dropped.
// Immutable after construction; thread-safe.
#pragma once

#include <cstdint>
#include <string>

namespace feedwatch::bench {

struct Story {
  std::string title;
  std::string summary;
  std::string content;  // "" for a summary-only feed
  std::string link;
};

class StoryCorpus {
 public:
  explicit StoryCorpus(std::uint64_t seed) : seed_(seed) {}

  // Story `index`; the same bytes on every call.
  Story story(std::uint64_t index) const;

  // Another feed's copy of story(index) under light edits and its own link;
  // `variant` picks the edits.
  Story edited_copy(std::uint64_t index, std::uint64_t variant) const;

  std::uint64_t seed() const { return seed_; }

 private:
  std::uint64_t seed_;
};

}  // namespace feedwatch::bench
