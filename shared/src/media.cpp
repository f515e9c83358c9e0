// The media mirror: downloads the published wall's images once into publish/media (capped, sniffed,
// atomic), remembers failures with a growing backoff, trims what the wall no longer needs.
#include "learnwall/media.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <set>

#include "learnwall/actions/tips.hpp"
#include "learnwall/connectors/http.hpp"
#include "learnwall/fsutil.hpp"
#include "learnwall/image.hpp"
#include "learnwall/json_read.hpp"
#include "learnwall/text.hpp"
#include "learnwall/worker.hpp"

namespace lw {

using nlohmann::json;

namespace {

constexpr int kMediaSchema = 1;

// "https://Cdn.example:8443/a.png" -> "https://cdn.example:8443": what a dead-server backoff is kept
// for. Never the host alone: one post naming a dead port must not stop a whole image host.
std::string mirror_origin(std::string_view url) {
    auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return ascii_lower(url);
    auto end = url.find_first_of("/?#", scheme + 3);
    std::string_view authority = url.substr(scheme + 3, end == std::string_view::npos ? std::string_view::npos : end - scheme - 3);
    if (auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
    return ascii_lower(url.substr(0, scheme + 3)) + ascii_lower(authority);
}

// A file name the mirror itself could have written: no path tricks from a hand-edited state file.
bool valid_file_name(const std::string& f) {
    auto dot = f.find('.');
    if (dot != 16 || f.size() > 22) return false;
    for (size_t i = 0; i < 16; ++i)
        if (!std::isxdigit(static_cast<unsigned char>(f[i])) || std::isupper(static_cast<unsigned char>(f[i]))) return false;
    std::string ext = f.substr(17);
    return ext == "png" || ext == "jpg" || ext == "gif" || ext == "webp";
}

json opt_time(const std::optional<Instant>& t) { return t ? json(format_rfc3339(*t)) : json(nullptr); }

json to_json(const MediaEntry& e) {
    return {{"url", e.url},
            {"file", e.file},
            {"type", e.mime},
            {"bytes", e.bytes},
            {"fetched_at", opt_time(e.fetched_at)},
            {"last_wanted", format_rfc3339(e.last_wanted)},
            {"failures", e.failures},
            {"next_retry", opt_time(e.next_retry)},
            {"last_error", e.last_error}};
}

bool file_present(const std::string& path, std::uint64_t* size = nullptr, std::int64_t* mtime_s = nullptr) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
    if (size) *size = static_cast<std::uint64_t>(st.st_size);
    if (mtime_s) *mtime_s = static_cast<std::int64_t>(st.st_mtime);
    return true;
}

}  // namespace

std::string media_dir(const std::string& data_dir) { return data_dir + "/publish/media"; }
std::string media_state_path(const std::string& data_dir) { return data_dir + "/media-state.json"; }

std::string media_hash(std::string_view url) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : url) h = (h ^ c) * 1099511628211ull;
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

Result<std::map<std::string, MediaEntry>> load_media_state(const std::string& data_dir) {
    std::map<std::string, MediaEntry> out;
    const std::string path = media_state_path(data_dir);
    if (!file_exists(path)) return out;
    auto doc = read_json_file(path);
    if (!doc) return fail(doc.error() + " (delete it: the mirror downloads the wall's images again)");
    try {
        JsonIn root(*doc);
        check_schema_version(root, kMediaSchema);
        for (const JsonIn& in : root.array("entries")) {
            in.require_object();
            MediaEntry e;
            e.url = in.nonempty_str("url");
            e.file = in.str_or("file", "");
            if (!e.file.empty() && !valid_file_name(e.file)) in.fail("file", "a file name the mirror writes (16 hex digits, .png/.jpg/.gif/.webp)");
            e.mime = in.str_or("type", "");
            e.bytes = static_cast<std::uint64_t>(std::max<std::int64_t>(0, in.integer_or("bytes", 0)));
            if (in.has("fetched_at")) e.fetched_at = in.instant("fetched_at");
            if (in.has("last_wanted")) e.last_wanted = in.instant("last_wanted");
            e.failures = static_cast<int>(in.integer_or("failures", 0));
            if (in.has("next_retry")) e.next_retry = in.instant("next_retry");
            e.last_error = in.str_or("last_error", "");
            out[e.url] = std::move(e);
        }
    } catch (const JsonFieldError& e) {
        return fail(path + ": " + e.pointer + ": " + e.expected);
    }
    return out;
}

std::map<std::string, std::string> mirrored_media(const std::string& data_dir) {
    std::map<std::string, std::string> out;
    auto state = load_media_state(data_dir);
    if (!state) return out;  // the mirror reports a damaged state; publishing keeps the original URLs
    const std::string dir = media_dir(data_dir);
    for (const auto& [url, e] : *state)
        if (!e.file.empty() && file_present(dir + "/" + e.file)) out[url] = std::string(kMediaPrefix) + e.file;
    return out;
}

void apply_mirrored_media(Wall& wall, const std::map<std::string, std::string>& mirrored) {
    if (mirrored.empty()) return;
    auto swap = [&](std::string& url) {
        if (auto it = mirrored.find(url); it != mirrored.end()) url = it->second;
    };
    for (auto& p : wall.posts) {
        swap(p.author_avatar_url);
        for (auto& u : p.image_urls) swap(u);
    }
}

std::vector<std::string> wanted_media_urls(const Wall& wall, const std::map<std::string, MediaEntry>& known,
                                           int images_per_post) {
    std::map<std::string, std::string> by_file;
    for (const auto& [url, e] : known)
        if (!e.file.empty()) by_file[e.file] = url;
    std::vector<std::string> out;
    std::set<std::string> seen;
    auto want = [&](const std::string& u) {
        std::string url = u;
        if (u.rfind(kMediaPrefix, 0) == 0) {
            auto it = by_file.find(u.substr(kMediaPrefix.size()));
            if (it == by_file.end()) return;
            url = it->second;
        } else if (!is_http_url(u) && u.rfind(kTipUploadPrefix, 0) != 0) {
            return;
        }
        if (seen.insert(url).second) out.push_back(url);
    };
    for (const auto& p : wall.posts) {
        if (!p.author_avatar_url.empty()) want(p.author_avatar_url);
        for (size_t i = 0; i < p.image_urls.size() && static_cast<int>(i) < images_per_post; ++i) want(p.image_urls[i]);
    }
    return out;
}

struct MediaMirror::Impl {
    std::string data_dir, dir;
    std::shared_ptr<connectors::HttpClient> http;
    MediaOptions opt;
    std::map<std::string, MediaEntry> entries;
    struct HostBackoff {
        int failures = 0;
        Instant next{};
    };
    std::map<std::string, HostBackoff> hosts;  // origins (scheme, host, port) that could not be reached at all (in memory)

    std::chrono::milliseconds retry_delay(int failures) const {
        auto d = std::chrono::duration_cast<std::chrono::milliseconds>(opt.retry_first);
        for (int i = 1; i < failures && d < opt.retry_max; ++i) d *= 2;
        return std::min(d, std::chrono::duration_cast<std::chrono::milliseconds>(opt.retry_max));
    }

    std::string saved_text;  // what media-state.json holds now (a pass that changed nothing writes nothing)

    Status save() {
        json arr = json::array();
        for (const auto& [url, e] : entries) arr.push_back(to_json(e));
        json j = {{"schema_version", kMediaSchema}, {"entries", arr}};
        std::string text = j.dump(1) + "\n";
        if (text == saved_text) return {};
        auto st = write_file_atomic(media_state_path(data_dir), text, kPrivateFileMode);
        if (st) saved_text = std::move(text);
        return st;
    }

    std::uint64_t total_bytes() const {
        std::uint64_t t = 0;
        for (const auto& [url, e] : entries)
            if (!e.file.empty()) t += e.bytes;
        return t;
    }

    // The file of an entry is removed from disk and forgotten; another URL may share no file.
    void drop_file(MediaEntry& e) {
        if (!e.file.empty()) ::unlink((dir + "/" + e.file).c_str());
        e.file.clear();
        e.bytes = 0;
    }

    struct Download {
        std::string bytes, error, content_type;
        bool cancelled = false, no_answer = false;
    };

    Download download(const std::string& url, const std::atomic<bool>& stop) {
        Download d;
        // A photo sent with a tip (docs/tips.md) lies in the hub's private uploads: it is copied,
        // not fetched, and only once its post is on the published wall.
        if (url.rfind(kTipUploadPrefix, 0) == 0) {
            const std::string path = tip_upload_path(data_dir, url);
            auto bytes = path.empty() ? Result<std::string>(fail("not the name of a tip's photo")) : read_file(path);
            if (!bytes) d.error = bytes.error();
            else d.bytes = std::move(*bytes);
            return d;
        }
        // Refused before any request: not http(s) (file://, a bare path). Addresses are checked by the
        // client for every connection, redirects included.
        if (auto st = opt.policy->check_url(url); !st) {
            d.error = st.error();
            return d;
        }
        connectors::HttpRequest req = connectors::post_media_request(url, opt.policy);
        if (opt.authorization)
            if (std::string auth = opt.authorization(url); !auth.empty()) req.headers.emplace_back("Authorization", auth);
        req.connect_timeout = opt.connect_timeout;
        req.total_timeout = opt.timeout;
        req.max_body_bytes = opt.max_file_bytes;
        // stream() hands the body over piece by piece, so the size cap holds while it arrives; a
        // watchdog ends it at the timeout (stream() itself has no total limit) or when the hub stops.
        std::atomic<bool> halt{false};
        bool too_big = false, timed_out = false;
        // The watchdog is an lw::Worker tick every 50 ms; stop() joins it, so `timed_out` is read after.
        const auto deadline = std::chrono::steady_clock::now() + opt.timeout;
        WorkerOptions wo;
        wo.every = std::chrono::milliseconds(50);
        wo.finish_queue_on_stop = false;
        Worker watchdog(wo, [&] {
            if (stop.load()) halt = true;
            else if (std::chrono::steady_clock::now() >= deadline) timed_out = true, halt = true;
        });
        auto resp = http->stream(
            req,
            [&](std::string_view piece) {
                if (d.bytes.size() + piece.size() > opt.max_file_bytes) {
                    too_big = true;
                    return false;
                }
                d.bytes.append(piece);
                return true;
            },
            halt);
        watchdog.stop();
        d.content_type = resp.header("content-type");
        if (stop.load()) {
            d.cancelled = true;
            d.error = "cancelled (shutting down)";
        } else if (too_big) {
            d.error = "larger than " + format_megabytes(opt.max_file_bytes) + " (refused, not truncated)";
        } else if (timed_out) {
            d.error = "no complete answer within " + std::to_string(opt.timeout.count() / 1000) + " s (timeout)";
            d.no_answer = resp.status == 0 && !resp.connected;
        } else if (resp.refused) {
            d.error = resp.error;  // this URL only: the rest of its host may be fine
        } else if (!resp.error.empty()) {
            d.error = resp.error;
            d.no_answer = resp.status == 0 && !resp.connected;
        } else if (resp.status < 200 || resp.status >= 300) {
            d.error = "HTTP " + std::to_string(resp.status);
        } else if (d.bytes.empty()) {
            d.error = "empty answer";
        } else if (auto cl = resp.header("content-length"); !cl.empty() && resp.header("content-encoding").empty() &&
                                                            cl.find_first_not_of("0123456789") == std::string::npos &&
                                                            cl.size() < 19 && std::stoull(cl) != d.bytes.size()) {
            d.error = "truncated: " + std::to_string(d.bytes.size()) + " of " + cl + " bytes arrived";
        }
        if (!d.error.empty()) d.bytes.clear();
        return d;
    }

    // Removes files off the wall past the grace period, forgets old failures, removes stray files,
    // then keeps the folder under its bound (unused files first, least recently wanted first).
    int trim(const std::set<std::string>& wanted, Instant at) {
        int removed = 0;
        for (auto it = entries.begin(); it != entries.end();) {
            MediaEntry& e = it->second;
            if (wanted.count(e.url) || at - e.last_wanted < opt.grace) {
                ++it;
                continue;
            }
            if (!e.file.empty()) ++removed;
            drop_file(e);
            it = entries.erase(it);
        }
        // Files no entry names: a crash between writing a file and the state, or a state deleted by hand.
        std::set<std::string> named;
        for (const auto& [url, e] : entries)
            if (!e.file.empty()) named.insert(e.file);
        std::error_code ec;
        const auto grace_s = std::chrono::duration_cast<std::chrono::seconds>(opt.grace).count();
        const auto at_s = std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count();
        for (const auto& f : std::filesystem::directory_iterator(dir, ec)) {
            std::string name = f.path().filename().string();
            if (named.count(name)) continue;
            std::int64_t mtime = 0;
            if (!file_present(f.path().string(), nullptr, &mtime)) continue;
            if (at_s - mtime >= grace_s) {
                ::unlink(f.path().c_str());
                if (valid_file_name(name)) ++removed;
            }
        }
        removed += enforce_bound(wanted, 0);
        return removed;
    }

    // Makes room for `incoming` bytes by removing files the wall does not use, oldest use first.
    int enforce_bound(const std::set<std::string>& wanted, std::uint64_t incoming) {
        int removed = 0;
        std::uint64_t total = total_bytes();
        if (total + incoming <= opt.max_total_bytes) return 0;
        std::vector<MediaEntry*> unused;
        for (auto& [url, e] : entries)
            if (!e.file.empty() && !wanted.count(url)) unused.push_back(&e);
        std::sort(unused.begin(), unused.end(), [](const MediaEntry* a, const MediaEntry* b) { return a->last_wanted < b->last_wanted; });
        for (MediaEntry* e : unused) {
            if (total + incoming <= opt.max_total_bytes) break;
            total -= e->bytes;
            drop_file(*e);
            ++removed;
        }
        return removed;
    }

    MediaPassSummary pass(const std::vector<std::string>& wanted_list, const std::atomic<bool>& stop, Instant at) {
        MediaPassSummary sum;
        std::set<std::string> wanted(wanted_list.begin(), wanted_list.end());
        sum.wanted = static_cast<int>(wanted.size());
        std::map<std::string, std::string> file_owner;  // file name -> url (a hash collision is refused)
        for (auto& [url, e] : entries)
            if (!e.file.empty()) file_owner[e.file] = url;
        for (const auto& url : wanted_list) {
            MediaEntry& e = entries[url];
            e.url = url;
            // To the minute: the grace period is hours, and a pass that changed nothing else writes no state.
            e.last_wanted = std::chrono::floor<std::chrono::minutes>(at);
            // A file removed by hand (or lost) is fetched again.
            if (!e.file.empty() && !file_present(dir + "/" + e.file)) {
                file_owner.erase(e.file);
                e.file.clear();
                e.bytes = 0;
            }
        }
        sum.removed = trim(wanted, at);

        std::set<std::string> dead_hosts;  // origins that could not be reached during this pass
        for (const auto& url : wanted_list) {
            if (stop.load()) break;
            MediaEntry& e = entries[url];
            if (!e.file.empty()) continue;
            std::string host = mirror_origin(url);
            auto hb = hosts.find(host);
            if ((e.next_retry && *e.next_retry > at) || dead_hosts.count(host) || (hb != hosts.end() && hb->second.next > at)) {
                ++sum.waiting;
                continue;
            }
            if (sum.downloaded + sum.failed >= opt.downloads_per_pass) {
                ++sum.pending;
                continue;
            }
            Download d = download(url, stop);
            if (d.cancelled) break;
            std::string why = d.error;
            // The one image module: what the bytes are, whether whole, whether within the limits
            // (a small file claiming 100000 x 100000 pixels is refused here, not on every screen).
            ImageInfo info;
            if (why.empty()) {
                info = inspect_image(d.bytes, ImageLimits{opt.max_file_bytes, opt.max_pixels});
                if (!info.ok()) {
                    why = info.problem;
                    if (info.format == ImageFormat::unknown && !d.content_type.empty()) why += ", served as " + d.content_type;
                } else if (info.format == ImageFormat::bmp) {
                    why = "BMP images are not mirrored (PNG, JPEG, GIF or WebP)";
                }
            }
            std::string file;
            if (why.empty()) {
                file = media_hash(url) + "." + image_format_ext(info.format);
                if (auto owner = file_owner.find(file); owner != file_owner.end() && owner->second != url)
                    why = "its file name " + file + " is taken by " + owner->second + " (hash collision; kept as a link)";
            }
            if (why.empty()) {
                sum.removed += enforce_bound(wanted, d.bytes.size());
                if (total_bytes() + d.bytes.size() > opt.max_total_bytes)
                    why = "the media folder is at its bound of " + format_megabytes(opt.max_total_bytes) + " with images on the wall";
            }
            if (why.empty()) {
                if (auto st = write_file_atomic(dir + "/" + file, d.bytes, kPublishedFileMode); !st) why = "cannot write: " + st.error();
            }
            if (d.no_answer) {
                auto& h = hosts[host];
                ++h.failures;
                h.next = at + retry_delay(h.failures);
                dead_hosts.insert(host);
            } else {
                hosts.erase(host);
            }
            if (!why.empty()) {
                ++e.failures;
                e.last_error = why;
                e.next_retry = at + retry_delay(e.failures);
                ++sum.failed;
                sum.problems.push_back({url, why});
            } else {
                e.file = file;
                e.mime = image_format_mime(info.format);
                e.bytes = d.bytes.size();
                e.fetched_at = at;
                e.failures = 0;
                e.next_retry.reset();
                e.last_error.clear();
                file_owner[file] = url;
                ++sum.downloaded;
            }
            // Saved after each file: a restart finds what was fetched and does not fetch it again.
            if (auto st = save(); !st) sum.problems.push_back({"", "cannot save the mirror's state: " + st.error()});
        }
        for (const auto& url : wanted)
            if (!entries[url].file.empty()) ++sum.mirrored;
        sum.bytes_total = total_bytes();
        if (auto st = save(); !st) sum.problems.push_back({"", "cannot save the mirror's state: " + st.error()});
        return sum;
    }
};

MediaMirror::MediaMirror(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
MediaMirror::~MediaMirror() = default;

Result<std::unique_ptr<MediaMirror>> MediaMirror::open(const std::string& data_dir,
                                                       std::shared_ptr<connectors::HttpClient> http, MediaOptions opt) {
    auto impl = std::make_unique<Impl>();
    impl->data_dir = data_dir;
    impl->dir = media_dir(data_dir);
    impl->http = std::move(http);
    impl->opt = opt;
    if (!impl->opt.policy) impl->opt.policy = std::make_shared<const FetchPolicy>();
    if (!impl->http) return fail("media mirror: no HTTP client");
    if (auto st = ensure_directory(data_dir + "/publish", kPublishDirMode); !st) return fail(st.error());
    if (auto st = ensure_directory(impl->dir, kPublishDirMode); !st) return fail(st.error());
    auto state = load_media_state(data_dir);
    if (!state) return fail(state.error());
    impl->entries = std::move(*state);
    return std::unique_ptr<MediaMirror>(new MediaMirror(std::move(impl)));
}

MediaPassSummary MediaMirror::run_pass(const std::vector<std::string>& wanted, const std::atomic<bool>& stop, Instant at) {
    try {
        return impl_->pass(wanted, stop, at);
    } catch (const std::exception& e) {  // a filesystem error must never end the daemon
        MediaPassSummary sum;
        sum.problems.push_back({"", std::string("media pass failed: ") + e.what()});
        return sum;
    }
}

MediaPassSummary MediaMirror::run_pass(const std::atomic<bool>& stop, Instant at) {
    const std::string wall_path = impl_->data_dir + "/publish/wall.json";
    std::vector<std::string> wanted;
    if (file_exists(wall_path)) {
        auto text = read_file(wall_path);
        if (!text) {
            MediaPassSummary sum;
            sum.problems.push_back({"", text.error()});
            return sum;
        }
        auto wall = parse_wall(*text, wall_path);
        if (!wall) {
            MediaPassSummary sum;
            sum.problems.push_back({"", wall.error()});
            return sum;
        }
        wanted = wanted_media_urls(*wall, impl_->entries, impl_->opt.images_per_post);
    }
    return run_pass(wanted, stop, at);
}

const std::map<std::string, MediaEntry>& MediaMirror::entries() const { return impl_->entries; }

}  // namespace lw
