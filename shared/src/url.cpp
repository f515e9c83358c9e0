// RFC 3986 reference resolution and the wall's media paths (see url.hpp).
#include "learnwall/url.hpp"

#include <cctype>
#include <filesystem>

#include "learnwall/fetch_policy.hpp"

namespace lw {

bool is_url_source(const std::string& s) {
    return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0 || s.rfind("file://", 0) == 0;
}

namespace {

// "http:", "file:", "data:": a reference that names its own scheme is not relative.
bool has_scheme(const std::string& s) {
    if (s.empty() || !std::isalpha(static_cast<unsigned char>(s[0]))) return false;
    for (size_t i = 1; i < s.size(); ++i) {
        char c = s[i];
        if (c == ':') return true;
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return false;
    }
    return false;
}

// RFC 3986 5.2.4.
std::string remove_dot_segments(std::string in) {
    std::string out;
    while (!in.empty()) {
        if (in.rfind("../", 0) == 0) in.erase(0, 3);
        else if (in.rfind("./", 0) == 0) in.erase(0, 2);
        else if (in.rfind("/./", 0) == 0) in.replace(0, 3, "/");
        else if (in == "/.") in = "/";
        else if (in.rfind("/../", 0) == 0 || in == "/..") {
            in = in == "/.." ? "/" : in.substr(3);
            auto cut = out.rfind('/');
            out.erase(cut == std::string::npos ? 0 : cut);
        } else if (in == "." || in == "..") {
            in.clear();
        } else {
            size_t next = in.find('/', in[0] == '/' ? 1 : 0);
            out += in.substr(0, next);
            in.erase(0, next == std::string::npos ? in.size() : next);
        }
    }
    return out;
}

struct UrlParts {
    std::string scheme, authority, path, query, fragment;
    bool has_authority = false, has_query = false, has_fragment = false;
};

// RFC 3986 appendix B, by hand.
UrlParts split_url(std::string s) {
    UrlParts u;
    if (auto h = s.find('#'); h != std::string::npos) {
        u.fragment = s.substr(h + 1);
        u.has_fragment = true;
        s.erase(h);
    }
    if (auto q = s.find('?'); q != std::string::npos) {
        u.query = s.substr(q + 1);
        u.has_query = true;
        s.erase(q);
    }
    if (has_scheme(s)) {
        auto colon = s.find(':');
        u.scheme = s.substr(0, colon);
        s.erase(0, colon + 1);
    }
    if (s.rfind("//", 0) == 0) {
        auto slash = s.find('/', 2);
        u.authority = s.substr(2, slash == std::string::npos ? std::string::npos : slash - 2);
        u.has_authority = true;
        s.erase(0, slash == std::string::npos ? s.size() : slash);
    }
    u.path = s;
    return u;
}

}  // namespace

std::string resolve_url_reference(const std::string& base_text, const std::string& ref_text) {
    if (has_scheme(ref_text)) return ref_text;
    UrlParts base = split_url(base_text), r = split_url(ref_text), t;
    t.scheme = base.scheme;
    if (r.has_authority) {
        t.authority = r.authority;
        t.has_authority = true;
        t.path = remove_dot_segments(r.path);
        t.query = r.query, t.has_query = r.has_query;
    } else {
        t.authority = base.authority;
        t.has_authority = base.has_authority;
        if (r.path.empty()) {
            t.path = base.path;
            if (r.has_query) t.query = r.query, t.has_query = true;
            else t.query = base.query, t.has_query = base.has_query;
        } else {
            if (r.path[0] == '/') {
                t.path = remove_dot_segments(r.path);
            } else {
                std::string merged;
                if (base.has_authority && base.path.empty()) merged = "/" + r.path;
                else merged = base.path.substr(0, base.path.rfind('/') + 1) + r.path;
                t.path = remove_dot_segments(merged);
            }
            t.query = r.query, t.has_query = r.has_query;
        }
    }
    std::string out = t.scheme + ":";
    if (t.has_authority) out += "//" + t.authority;
    out += t.path;
    if (t.has_query) out += "?" + t.query;
    if (r.has_fragment) out += "#" + r.fragment;
    return out;
}

bool is_wall_media_reference(const std::string& ref) {
    if (ref.rfind("media/", 0) != 0 || ref.find("..") != std::string::npos) return false;
    for (char c : ref)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F || c == '\\' || c == '?' || c == '#') return false;
    return true;
}

void resolve_wall_media(Wall& wall, const std::string& wall_source) {
    std::string src = wall_source.rfind("file://", 0) == 0 ? wall_source.substr(7) : wall_source;
    bool remote = is_url_source(src);
    std::string folder = remote ? "" : std::filesystem::path(src).parent_path().string();
    auto resolve = [&](std::string& u) {
        if (u.empty()) return;
        // wall.json is written from posts: a web address stays (the fetch policy judges it), the
        // mirror's media/ paths resolve against the wall, and anything else (file://, /etc/...,
        // ../..) is dropped, so no post can make a screen open a local file.
        if (is_http_url(u)) return;
        if (!is_wall_media_reference(u)) {
            u.clear();
            return;
        }
        if (remote) u = resolve_url_reference(src, u);
        else u = (std::filesystem::path(folder.empty() ? "." : folder) / u).lexically_normal().string();
    };
    for (auto& p : wall.posts) {
        resolve(p.author_avatar_url);
        for (auto& u : p.image_urls) resolve(u);
        std::erase_if(p.image_urls, [](const std::string& u) { return u.empty(); });
    }
}

}  // namespace lw
