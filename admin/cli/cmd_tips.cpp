// `tips code` and `tips serve`: the "share a tip" web page (docs/tips.md). This file is only the HTTP
// front end (cpp-httplib): it reads the form, asks lw::submit_tip, and answers with a page and the
// status the refusal calls for. Every rule about what may be stored lives in the shared action.
#include <httplib.h>
#include <signal.h>

#include <atomic>
#include <cerrno>
#include <ctime>
#include <iostream>
#include <mutex>
#include <set>
#include <thread>

#include "cli/common.hpp"
#include "learnwall/actions/tips.hpp"
#include "learnwall/text.hpp"

namespace lw::cli {

namespace {

// A whole request at most this big; httplib answers 413 from the Content-Length, before reading the
// body. The photo's own cap (8 MiB) sits inside it, with room for the other fields and the framing.
constexpr std::size_t kTipsBodyCap = 12u << 20;


// Plain HTML and inline CSS (no external assets): large type, full-width fields, readable on a
// 360 px wide phone; every field has a label.
std::string tips_page(const std::string& title, const std::string& body) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
           "<title>" + html_escape(title) + "</title><style>"
           "body{font-family:system-ui,-apple-system,'DejaVu Sans',sans-serif;font-size:18px;line-height:1.4;"
           "margin:0;background:#f4f1ea;color:#1d1d1d}"
           "main{max-width:36rem;margin:0 auto;padding:1rem}"
           "h1{font-size:1.5rem;margin:.5rem 0 1rem}"
           "label{display:block;font-weight:600;margin:1rem 0 .3rem}"
           ".hint{font-weight:400;color:#555;font-size:.9rem}"
           "input,textarea,select{box-sizing:border-box;width:100%;font:inherit;font-size:1rem;padding:.6rem;"
           "border:2px solid #8a8478;border-radius:.4rem;background:#fff;color:#1d1d1d}"
           "textarea{min-height:8rem}"
           "input:focus,textarea:focus,select:focus{outline:3px solid #1c5fd6;border-color:#1c5fd6}"
           "button{margin:1.5rem 0;width:100%;font-size:1.1rem;font-weight:700;padding:.9rem;border:0;"
           "border-radius:.4rem;background:#1c5fd6;color:#fff}"
           ".note{background:#fff;border-left:.4rem solid #1c5fd6;padding:.8rem;margin:1rem 0}"
           ".error{border-left-color:#b3261e}"
           "a{color:#1c5fd6}"
           "</style></head><body><main>" + body + "</main></body></html>";
}

struct TipsServerConfig {
    std::string trusted_proxy;    // "" = no proxy is trusted: identity headers are always ignored
    std::string identity_header = "X-Remote-User";
};

// The identity and address a request speaks for: the header only from the trusted proxy.
void tips_sender(const httplib::Request& req, const TipsServerConfig& cfg, std::string& identity, std::string& address) {
    address = req.remote_addr;
    identity.clear();
    if (cfg.trusted_proxy.empty() || req.remote_addr != cfg.trusted_proxy) return;
    identity = trim(req.get_header_value(cfg.identity_header.c_str()));
    if (auto real = trim(req.get_header_value("X-Real-IP")); !real.empty()) address = real;
}

std::string tips_form_page(const State& s, const std::string& identity, Instant at) {
    const Participant* person = identity.empty() ? nullptr : tip_roster_person(s.roster, identity);
    std::string b = "<h1>Share a tip: " + html_escape(s.event.name) + "</h1>"
                    "<p>Something you learned, a shortcut, a book, a habit: tell your colleagues. Organisers read "
                    "every tip before it appears on the screens.</p>"
                    "<form method=\"post\" action=\"tips\" enctype=\"multipart/form-data\">";
    if (!identity.empty()) {
        b += "<p class=\"note\">Signed in as <strong>" + html_escape(person ? person->name : identity) + "</strong>" +
             (person && !person->team.empty() ? " (" + html_escape(person->team) + ")" : std::string()) + ".</p>";
        if (!person)
            b += "<label for=\"author\">Your name</label><input id=\"author\" name=\"author\" maxlength=\"80\" "
                 "autocomplete=\"name\">";
    } else {
        b += "<label for=\"author\">Your name</label><input id=\"author\" name=\"author\" maxlength=\"80\" required "
             "autocomplete=\"name\">";
    }
    if (!person) {
        std::set<std::string> teams;
        for (const auto& p : s.roster.people)
            if (!p.team.empty()) teams.insert(p.team);
        b += "<label for=\"team\">Team <span class=\"hint\">(optional)</span></label>"
             "<input id=\"team\" name=\"team\" maxlength=\"80\" list=\"teams\"><datalist id=\"teams\">";
        for (const auto& t : teams) b += "<option value=\"" + html_escape(t) + "\">";
        b += "</datalist>";
    }
    b += "<label for=\"text\">Your tip</label><textarea id=\"text\" name=\"text\" maxlength=\"1000\" required></textarea>";
    if (auto c = tip_challenge_today(s.event, at)) {
        b += "<label for=\"challenge\">Today's challenge</label><select id=\"challenge\" name=\"challenge\">"
             "<option value=\"\">Not an answer to the challenge</option><option value=\"" +
             html_escape(normalise_tag(c->tag)) + "\">" + html_escape(c->title) + "</option></select>";
    }
    b += "<label for=\"photo\">Photo <span class=\"hint\">(optional, up to 8 MB)</span></label>"
         "<input id=\"photo\" name=\"photo\" type=\"file\" accept=\"image/jpeg,image/png,image/gif\">";
    if (identity.empty())
        b += "<label for=\"code\">Join code <span class=\"hint\">(shown on the screens)</span></label>"
             "<input id=\"code\" name=\"code\" required autocomplete=\"off\" autocapitalize=\"characters\" "
             "maxlength=\"16\">";
    b += "<button type=\"submit\">Send my tip</button></form>";
    return tips_page("Share a tip", b);
}

int tips_status(TipRefusal r) {
    switch (r) {
        case TipRefusal::forbidden: return 403;
        case TipRefusal::too_large: return 413;
        case TipRefusal::rate_limited: return 429;
        case TipRefusal::bad_input: return 400;
        default: return 500;
    }
}

std::string tips_error_page(int status, const std::string& message) {
    const char* title = status == 403   ? "Not allowed"
                        : status == 413 ? "Too large"
                        : status == 429 ? "Too many tips"
                        : status == 404 ? "Not found"
                        : status >= 500 ? "Not saved"
                                        : "Please check your tip";
    return tips_page(title, "<h1>" + std::string(title) + "</h1><p class=\"note error\">" + html_escape(message) +
                                "</p><p><a href=\"./\">Back to the form</a> (use your browser's back button to keep "
                                "what you typed)</p>");
}

// "HOST:PORT" (port 0: any free port).
bool tips_parse_listen(const std::string& s, std::string& host, int& port) {
    auto colon = s.rfind(':');
    if (colon == std::string::npos || colon == 0) return false;
    host = s.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    const std::string p = s.substr(colon + 1);
    if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos) return false;
    port = std::stoi(p);
    return port <= 65535;
}

int cmd_tips_code(const ParsedArgs& a, CommandIo& io) {
    auto o = open_data(a, io, "tips code");
    if (!o) return kExitFailure;
    auto code = ensure_tips_join_code(o->dir);
    if (!code) {
        io.err << "learnwall-admin tips code: " << code.error() << "\n";
        return kExitFailure;
    }
    io.out << *code << "\n";
    return kExitOk;
}

int cmd_tips_serve(const ParsedArgs& a, CommandIo& io) {
    std::string host;
    int port = 0;
    const std::string listen = a.get("listen").value_or("");
    if (!tips_parse_listen(listen, host, port)) {
        io.err << "learnwall-admin tips serve: --listen needs HOST:PORT (e.g. 127.0.0.1:8090), not \"" << listen << "\"\n";
        return kExitUsage;
    }
    TipsServerConfig cfg;
    cfg.trusted_proxy = a.get("trusted-proxy").value_or("");
    cfg.identity_header = a.get("identity-header").value_or("X-Remote-User");
    if (cfg.identity_header.empty() || cfg.identity_header.find_first_of(" :\r\n") != std::string::npos) {
        io.err << "learnwall-admin tips serve: --identity-header needs a header name, not \"" << cfg.identity_header
               << "\"\n";
        return kExitUsage;
    }
    auto o = open_data(a, io, "tips serve");
    if (!o) return kExitFailure;
    {
        auto code = tips_join_code(o->dir);
        if (!code) {
            io.err << "learnwall-admin tips serve: " << code.error() << "\n";
            return kExitFailure;
        }
        if (code->empty() && cfg.trusted_proxy.empty())
            io.err << "learnwall-admin tips serve: warning: no join code yet, so every tip is refused; run "
                      "`learnwall-admin tips code` to make one\n";
    }

    // One tip at a time: the data directory's writers serialise on its lock anyway, and the state and
    // the rate counters are shared by httplib's worker threads.
    std::mutex tips_mutex;
    TipRateLimit limit;
    Opened& opened = *o;
    std::ostream& log = io.err;

    httplib::Server svr;
    svr.set_payload_max_length(kTipsBodyCap);
    svr.set_read_timeout(30, 0);
    svr.set_write_timeout(30, 0);
    svr.set_default_headers({{"Cache-Control", "no-store"},
                             {"X-Content-Type-Options", "nosniff"},
                             {"Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"}});
    svr.Get("/", [&](const httplib::Request& req, httplib::Response& res) {
        std::string identity, address;
        tips_sender(req, cfg, identity, address);
        std::lock_guard<std::mutex> hold(tips_mutex);
        if (auto st = opened.dir.catch_up(opened.state); !st) log << "tips serve: " << st.error() << "\n" << std::flush;
        res.set_content(tips_form_page(opened.state, identity, now()), "text/html; charset=utf-8");
    });
    svr.Get("/thanks", [&](const httplib::Request&, httplib::Response& res) {
        res.set_content(tips_page("Thank you", "<h1>Thank you!</h1><p class=\"note\">Your tip is saved. An organiser "
                                               "will read it, and then it appears on the screens.</p>"
                                               "<p><a href=\"./\">Share another tip</a></p>"),
                        "text/html; charset=utf-8");
    });
    svr.Post("/tips", [&](const httplib::Request& req, httplib::Response& res) {
        auto field = [&](const char* name) -> std::string {
            if (req.is_multipart_form_data()) return req.has_file(name) ? req.get_file_value(name).content : "";
            return req.has_param(name) ? req.get_param_value(name) : "";
        };
        TipForm f;
        f.author = field("author");
        f.team = field("team");
        f.text = field("text");
        f.challenge = field("challenge");
        f.code = field("code");
        if (req.is_multipart_form_data()) f.photo = field("photo");
        tips_sender(req, cfg, f.identity, f.address);
        // The lock also keeps the log lines of httplib's worker threads whole.
        std::lock_guard<std::mutex> hold(tips_mutex);
        TipRefusal why = TipRefusal::none;
        auto r = submit_tip(opened.dir, opened.state, f, now(), &limit, &why);
        if (!r) {
            const int status = tips_status(why);
            log << "tips serve: " << status << " from " << f.address << ": " << r.error() << "\n" << std::flush;
            res.status = status;
            if (status == 429) res.set_header("Retry-After", "600");
            res.set_content(tips_error_page(status, r.error()), "text/html; charset=utf-8");
            return;
        }
        log << "tips serve: stored " << *r << " from " << f.address << "\n" << std::flush;
        res.status = 303;
        res.set_header("Location", "thanks");
        res.set_content(tips_page("Thank you", "<p><a href=\"thanks\">Thank you</a></p>"), "text/html; charset=utf-8");
    });
    svr.set_error_handler([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return;
        const std::string why = res.status == 413   ? "The tip is too large: a photo may be up to 8 MB (and a form sent urlencoded, without a "
                                                      "photo, up to 8 KB; the page itself sends multipart)."
                                : res.status == 404 ? "There is no page here."
                                                    : "The request could not be read.";
        res.set_content(tips_error_page(res.status, why + " Nothing was stored."), "text/html; charset=utf-8");
    });

    // SIGTERM and SIGINT are taken by sigwait on this thread, so the server stops between requests.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    if (port == 0) port = svr.bind_to_any_port(host.c_str());
    else if (!svr.bind_to_port(host.c_str(), port)) port = -1;
    if (port <= 0) {
        io.err << "learnwall-admin tips serve: cannot listen on " << listen << " (address in use or not this machine's)\n";
        return kExitFailure;
    }
    io.out << "learnwall-admin tips serve: listening on http://" << host << ":" << port << "/\n" << std::flush;
    std::atomic<bool> ended{false};
    std::thread server([&] {
        svr.listen_after_bind();
        ended = true;
    });
    const timespec tick{0, 200'000'000};
    int sig = 0;
    while (!ended.load()) {
        sig = sigtimedwait(&stop_signals, nullptr, &tick);
        if (sig == SIGTERM || sig == SIGINT) break;
    }
    svr.stop();
    server.join();
    io.out << "learnwall-admin tips serve: stopped" << (sig > 0 ? " (signal)" : "") << "\n" << std::flush;
    return sig > 0 ? kExitOk : kExitFailure;
}

}  // namespace

std::vector<Command> tips_commands() {
    return {
        {{"tips", "code"},
         "print the event's join code for the share-a-tip page (made when there is none)",
         "",
         "Screens show the code next to the \"Join in\" QR; the page refuses tips without it (403)\n"
         "unless a trusted proxy names the person. The code is kept in DIR/tips.json (mode 0600).",
         {},
         true,
         cmd_tips_code},
        {{"tips", "serve"},
         "serve the share-a-tip page (HTTP; put nginx in front for TLS)",
         "--listen HOST:PORT [--trusted-proxy ADDR] [--identity-header NAME]",
         "GET / is the form; POST /tips (multipart or urlencoded fields author, team, text, challenge,\n"
         "code, photo) stores a tip as a pending post with source \"form\" and answers 303 to /thanks.\n"
         "Refusals: 400 bad input, 403 join code, 413 too large, 429 too many. Stops on SIGTERM.\n"
         "See docs/tips.md for the caps and rate limits.",
         {{"listen", true, false, "--listen HOST:PORT   address to listen on (port 0: any free port, printed)"},
          {"trusted-proxy", true, false, "--trusted-proxy ADDR  believe the identity header only from this address"},
          {"identity-header", true, false, "--identity-header NAME  header naming the signed-in person (X-Remote-User)"}},
         true,
         cmd_tips_serve},
    };
}

}  // namespace lw::cli
