// Sources and their tokens (see actions/sources.hpp).
#include "learnwall/actions/sources.hpp"

#include <filesystem>
#include <set>

#include <nlohmann/json.hpp>

#include "learnwall/fsutil.hpp"
#include "learnwall/json_read.hpp"
#include "learnwall/secrets.hpp"
#include "learnwall/text.hpp"

namespace lw {

Status save_secret(const std::string& data_dir, const std::string& key, const std::string& value_in) {
    static const std::set<std::string> plain{"x_bearer_token", "bluesky_handle", "bluesky_app_password", "mastodon_token"};
    const bool per_host = key.rfind("mastodon_tokens.", 0) == 0 && key.size() > 16;
    if (!plain.count(key) && !per_host)
        return fail("unknown secret \"" + key + "\" (expected x_bearer_token, bluesky_handle, bluesky_app_password, "
                    "mastodon_token or mastodon_tokens.HOST)");
    const std::string value = trim(value_in);
    if (value.find_first_of("\r\n") != std::string::npos) return fail(key + ": a token is one line");
    const std::string path = secrets_path(data_dir);
    nlohmann::json doc = nlohmann::json::object();
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
        auto existing = read_json_file(path);
        if (!existing) return fail(existing.error());
        if (!existing->is_object()) return fail(path + ": expected a JSON object; fix or remove the file first");
        doc = std::move(*existing);
    }
    if (per_host) {
        std::string host = ascii_lower(key.substr(16));
        nlohmann::json& hosts = doc["mastodon_tokens"];
        if (!hosts.is_object()) hosts = nlohmann::json::object();
        if (value.empty()) hosts.erase(host);
        else hosts[host] = value;
    } else if (value.empty()) {
        doc.erase(key);
    } else {
        doc[key] = value;
    }
    // Written whole and renamed into place, readable by the owner only.
    return write_file_atomic(path, doc.dump(2) + "\n", kPrivateFileMode);
}

}  // namespace lw
