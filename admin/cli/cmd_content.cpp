// Content commands: quotes (add, list, remove, import from a text file), thin wrappers over the quote
// actions of learnwall/actions/quotes.hpp that the Quotes panel calls too.
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/common.hpp"
#include "learnwall/actions/quotes.hpp"
#include "learnwall/text.hpp"
#include "learnwall/text_file.hpp"
#include "learnwall/utf8.hpp"

namespace lw::cli {

namespace {

// Splits "text — author" (em dash, or " -- ") into a quote; no separator means no author.
Quote split_quote_line(const std::string& line) {
    for (const char* sep : {" \xE2\x80\x94 ", " -- ", " - "}) {
        auto pos = line.rfind(sep);
        if (pos != std::string::npos && pos > 0)
            return Quote{trim(line.substr(0, pos)), trim(line.substr(pos + std::string(sep).size()))};
    }
    return Quote{trim(line), ""};
}

// Prints the action's words: the same the Quotes panel shows.
int quotes_changed(const ParsedArgs& a, CommandIo& io, const std::string& cmd,
                   const std::function<Result<std::string>(Opened&)>& action) {
    auto o = open_data(a, io, cmd);
    if (!o) return kExitFailure;
    auto done = action(*o);
    if (!done) {
        io.err << "learnwall-admin " << cmd << ": " << done.error() << "\n";
        return kExitFailure;
    }
    if (!publish_after_change(*o, a, io, cmd)) return kExitFailure;
    io.out << *done << "\n";
    return kExitOk;
}

int cmd_quote_add(const ParsedArgs& a, CommandIo& io) {
    auto text = a.get("text");
    if (!text || trim(*text).empty()) {
        io.err << "learnwall-admin quote add: --text is required and must not be empty\n";
        return kExitUsage;
    }
    Quote q{*text, a.get("author").value_or("")};
    return quotes_changed(a, io, "quote add",
                          [&](Opened& o) { return add_quote(o.dir, o.state, q, acting_user(a)); });
}

int cmd_quote_list(const ParsedArgs& a, CommandIo& io) {
    auto o = open_data(a, io, "quote list");
    if (!o) return kExitFailure;
    size_t i = 0;
    for (const auto& q : o->state.event.quotes)
        io.out << ++i << "\t" << q.text << (q.author.empty() ? "" : "\t— " + q.author) << "\n";
    if (i == 0) io.out << "no quotes yet (add one with: learnwall-admin quote add --text T --author A)\n";
    return kExitOk;
}

int cmd_quote_remove(const ParsedArgs& a, CommandIo& io) {
    if (a.positionals.size() != 1) {
        io.err << "learnwall-admin quote remove: expected one quote number (see: quote list)\n";
        return kExitUsage;
    }
    long n = 0;
    try {
        n = std::stol(a.positionals[0]);
    } catch (...) {
        n = 0;
    }
    if (n < 1) {
        io.err << "learnwall-admin quote remove: expected a quote number, got \"" << a.positionals[0] << "\"\n";
        return kExitUsage;
    }
    return quotes_changed(a, io, "quote remove", [&](Opened& o) {
        return remove_quote(o.dir, o.state, static_cast<size_t>(n), acting_user(a));
    });
}

int cmd_quote_import(const ParsedArgs& a, CommandIo& io) {
    if (a.positionals.size() != 1) {
        io.err << "learnwall-admin quote import: expected one file (one quote a line: text — author)\n";
        return kExitUsage;
    }
    const std::string path = a.positionals[0];
    auto text = read_text_file(path);  // "is a directory", "looks like UTF-16" rather than a parse error
    if (!text) {
        io.err << "learnwall-admin quote import: " << text.error() << "\n";
        return kExitFailure;
    }
    if (!is_valid_utf8(*text)) {
        io.err << "learnwall-admin quote import: " << path << ": not valid UTF-8 text (save it as UTF-8)\n";
        return kExitFailure;
    }
    std::vector<Quote> quotes;
    std::istringstream in(*text);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (quotes.empty() && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
        line = trim(line);
        if (line.empty() || line[0] == '#') continue;
        quotes.push_back(split_quote_line(line));
    }
    if (quotes.empty()) {
        io.err << "learnwall-admin quote import: " << path << ": no quotes found\n";
        return kExitFailure;
    }
    bool replace = a.has("replace");
    return quotes_changed(a, io, "quote import", [&](Opened& o) {
        return import_quotes(o.dir, o.state, quotes, replace, path, acting_user(a));
    });
}

}  // namespace

std::vector<Command> content_commands() {
    return {
        {{"quote", "add"},
         "add a quote to the rotation",
         "--text T [--author A]",
         "",
         {{"text", true, false, "--text T            the quote"},
          {"author", true, false, "--author A          who said it"},
          by_option(),
          no_publish_option()},
         true,
         cmd_quote_add},
        {{"quote", "list"}, "list the quotes, numbered", "", "", {}, true, cmd_quote_list},
        {{"quote", "remove"}, "remove a quote by its number", "N", "", {by_option(), no_publish_option()}, true,
         cmd_quote_remove},
        {{"quote", "import"},
         "add quotes from a UTF-8 text file, one a line: text — author",
         "FILE [--replace]",
         "Blank lines and lines starting with # are skipped. The author follows an em dash (—), \" -- \" or\n"
         "\" - \"; a line without one is a quote without an author.",
         {{"replace", false, false, "--replace           replace the current quotes instead of adding"},
          by_option(),
          no_publish_option()},
         true,
         cmd_quote_import},
    };
}

}  // namespace lw::cli
