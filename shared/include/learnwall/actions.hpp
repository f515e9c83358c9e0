// Moved: posts and moderation actions live in learnwall/actions/posts.hpp (issue 12). Kept as a
// forwarding header so code not yet moved to the per-noun headers still builds.
#pragma once

#include "learnwall/actions/posts.hpp"
