#ifndef SWITCHBOARD_CCURL_H
#define SWITCHBOARD_CCURL_H
// libcurl (Debian: libcurl4-openssl-dev) plus shims for its variadic calls.
#include <curl/curl.h>

#endif
