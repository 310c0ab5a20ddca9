// A minimal multipart/form-data reader: enough to find one named part by
// its boundary, without copying the rest of the body.
#include "roster/upload.h"

#include "roster/text.h"

namespace cc::roster {
namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
    return out;
}

// The value of `name=` in a header's parameters, quotes removed.
std::string parameter(std::string_view header, std::string_view name) {
    std::string low = lower(header);
    size_t at = 0;
    while ((at = low.find(name, at)) != low.npos) {
        bool starts = at == 0 || low[at - 1] == ' ' || low[at - 1] == ';';
        size_t eq = at + name.size();
        if (!starts || eq >= low.size() || low[eq] != '=') {
            at = eq;
            continue;
        }

        std::string_view value = header.substr(eq + 1);
        if (!value.empty() && value.front() == '"') {
            value.remove_prefix(1);
            return std::string(value.substr(0, value.find('"')));
        }
        return std::string(trim(value.substr(0, value.find(';'))));
    }
    return {};
}

Error bad_form(std::string message) {
    return make_error(ErrorCode::invalid_argument, std::move(message));
}

Result<Upload> read_multipart(std::string_view content_type,
                              std::string_view body) {
    std::string boundary = parameter(content_type, "boundary");
    if (boundary.empty())
        return unexpected(bad_form("multipart without a boundary"));

    std::string delimiter = "--" + boundary;
    size_t at = body.find(delimiter);
    while (at != body.npos) {
        size_t head_start = body.find("\r\n", at);
        if (head_start == body.npos) break;

        size_t head_end = body.find("\r\n\r\n", head_start);
        if (head_end == body.npos) break;

        std::string_view head = body.substr(head_start, head_end - head_start);
        size_t data_start = head_end + 4;
        size_t next = body.find("\r\n" + delimiter, data_start);
        if (next == body.npos) break;

        std::string disposition = lower(head);
        if (disposition.find("content-disposition") != disposition.npos &&
            parameter(head, "name") == "file") {
            return Upload{
                std::string(body.substr(data_start, next - data_start)),
                parameter(head, "filename")};
        }
        at = next + 2;
    }
    return unexpected(bad_form("the form has no `file` part"));
}

}  // namespace

Result<Upload> read_upload(std::string_view content_type,
                           std::string_view body) {
    std::string type =
        lower(trim(content_type.substr(0, content_type.find(';'))));
    if (type == "multipart/form-data")
        return read_multipart(content_type, body);

    bool csv = type == "text/csv" || type == "text/plain" ||
               type == "application/csv" ||
               type == "application/vnd.ms-excel" ||
               type == "application/octet-stream";
    if (!csv) {
        return unexpected(ErrorCode::unsupported_media,
                          "send the roster as text/csv or as the `file` "
                          "field of multipart/form-data");
    }
    return Upload{std::string(body), ""};
}

}  // namespace cc::roster
