// The file bytes of a roster upload: a bare CSV body or the `file` part
// of a multipart/form-data form, as browsers send it.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace cc::roster {

struct Upload {
    std::string bytes;
    std::string file_name;  // from the multipart part, "" for a bare body
};

// `content_type` is the whole Content-Type header, parameters included.
// Errors: unsupported_media for other types, invalid_argument for a
// multipart body without a `file` part or with a broken boundary.
Result<Upload> read_upload(std::string_view content_type,
                           std::string_view body);

}  // namespace cc::roster
