// The Microsoft Teams source (placeholder until the Graph connector lands).
#include "learnwall/connectors/connector.hpp"

namespace lw::connectors {

Result<std::unique_ptr<Connector>> make_teams_connector(const SourceConfig& cfg, const Secrets& secrets) {
    (void)secrets;
    return fail("source " + cfg.id + ": the Teams connector is not built yet");
}

}  // namespace lw::connectors
