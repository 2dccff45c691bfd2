// Reduces HTML fragments (RSS descriptions, Atom type="html", content:encoded)
// to the plain text a reader sees: tags and attributes dropped, script and
// style dropped, block elements separated by white space, entities decoded,
// white space collapsed. A lenient hand-written single pass, not an HTML5
// parser: feeds carry broken markup and we must still get the words out.
#pragma once

#include <string_view>

#include "feed/text_builder.h"
#include "feed/xml_entities.h"

namespace feedwatch::feed {

enum class EntityHandling { kDecode, kKeep };

// Appends the text of `html` to `out`. With EntityHandling::kKeep, entity
// references stay as written: used for text constructs whose references the
// XML layer already decoded, which we still strip of stray tags.
void append_html_text(std::string_view html, TextBuilder& out,
                      EntityHandling entities = EntityHandling::kDecode,
                      const DeclaredEntities* declared = nullptr);

// True when an untyped construct (an RSS title) holds HTML rather than plain
// text: it has an end tag or a character reference.
bool looks_like_html(std::string_view text);

// Whether an element breaks words (<p>, <br>, <li>, <td> ...). `name` lower case.
bool is_block_element(std::string_view name);
// Whether an element's content is never shown (<script>, <style>). Lower case.
bool is_hidden_element(std::string_view name);

}  // namespace feedwatch::feed
