// Picks the connector for a configured source and checks the credentials it needs are there.
#include "learnwall/connectors/connector.hpp"

namespace lw::connectors {

std::unique_ptr<Connector> make_mastodon_connector(const SourceConfig& cfg, const Secrets& secrets);
Result<std::unique_ptr<Connector>> make_x_connector(const SourceConfig& cfg, const Secrets& secrets);
Result<std::unique_ptr<Connector>> make_bluesky_connector(const SourceConfig& cfg, const Secrets& secrets);
Result<std::unique_ptr<Connector>> make_slack_connector(const SourceConfig& cfg, const Secrets& secrets);
Result<std::unique_ptr<Connector>> make_teams_connector(const SourceConfig& cfg, const Secrets& secrets);

Result<std::unique_ptr<Connector>> make_connector(const SourceConfig& source, const Secrets& secrets) {
    // A chat channel is followed whole; its tags, when given, only filter it.
    if (source.kind == "slack") return make_slack_connector(source, secrets);
    if (source.kind == "teams") return make_teams_connector(source, secrets);
    if (source.tags.empty()) return fail("source " + source.id + ": no hashtags to follow (add --tag)");
    if (source.kind == "mastodon") return make_mastodon_connector(source, secrets);
    if (source.kind == "x") return make_x_connector(source, secrets);
    if (source.kind == "bluesky") return make_bluesky_connector(source, secrets);
    return fail("source " + source.id + ": unknown kind \"" + source.kind + "\" (expected mastodon, bluesky, x, slack or teams)");
}

}  // namespace lw::connectors
