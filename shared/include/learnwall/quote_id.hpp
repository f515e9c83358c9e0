// A short stable id for a quote, for the kiosk's layout record (kinds "quote" in quote_scene.cpp and
// side_panels.cpp) and through it the frozen-frame watchdog (docs/proof-of-display.md).
#pragma once

#include <string>

#include "learnwall/model.hpp"

namespace lw {

// 16 hex digits of a 64-bit FNV-1a of the quote's text and author. The watchdog expects a new picture
// when another quote comes up and none when the same quote is redrawn. From the words, not the quote's
// place in wall.quotes: an organiser adding or removing a quote moves the others, and a moved quote is
// still the same picture (an index would then expect a change that never comes and restart a healthy
// screen). Two quotes with the same words and author are the same picture, so one id is right for both.
std::string quote_id(const Quote& q);

}  // namespace lw
