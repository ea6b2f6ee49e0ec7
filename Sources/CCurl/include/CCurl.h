#ifndef SWITCHBOARD_CCURL_H
#define SWITCHBOARD_CCURL_H
// libcurl (Debian: libcurl4-openssl-dev) plus typed, non-variadic shims for its variadic
// calls (curl_easy_setopt, curl_easy_getinfo, curl_multi_setopt, curl_share_setopt) and
// accessors for CURLMsg, whose `data` union does not import into Swift usefully.
#include <curl/curl.h>

/// CURLOPT_WRITEFUNCTION / CURLOPT_HEADERFUNCTION callback shape.
typedef size_t (*ccurl_data_callback)(char *buffer, size_t size, size_t nitems, void *userdata);
/// CURLOPT_PREREQFUNCTION callback shape (libcurl >= 7.80).
typedef int (*ccurl_prereq_callback)(void *clientp, char *conn_primary_ip, char *conn_local_ip,
                                     int conn_primary_port, int conn_local_port);

/// Values of the CURL_PREREQFUNC_* macros, as constants Swift can import.
extern const int ccurl_prereq_ok;
extern const int ccurl_prereq_abort;
/// CURL_ERROR_SIZE: the size a CURLOPT_ERRORBUFFER must have.
extern const size_t ccurl_error_size;
/// CURL_GLOBAL_DEFAULT.
extern const long ccurl_global_default;

/// curl_version_info(CURLVERSION_NOW): the runtime library's version data.
curl_version_info_data *ccurl_version_info(void);

// curl_easy_setopt
CURLcode ccurl_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode ccurl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
CURLcode ccurl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode ccurl_easy_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode ccurl_easy_setopt_data_callback(CURL *handle, CURLoption option, ccurl_data_callback callback);
CURLcode ccurl_easy_setopt_prereq_callback(CURL *handle, ccurl_prereq_callback callback);

// curl_easy_getinfo
CURLcode ccurl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode ccurl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);
CURLcode ccurl_easy_getinfo_double(CURL *handle, CURLINFO info, double *value);
CURLcode ccurl_easy_getinfo_string(CURL *handle, CURLINFO info, const char **value);

// curl_multi_setopt / curl_share_setopt
CURLMcode ccurl_multi_setopt_long(CURLM *multi, CURLMoption option, long value);
CURLMcode ccurl_multi_setopt_pointer(CURLM *multi, CURLMoption option, void *value);
CURLSHcode ccurl_share_setopt_long(CURLSH *share, CURLSHoption option, long value);

// CURLMsg fields
CURLMSG ccurl_msg_kind(const CURLMsg *message);
CURL *ccurl_msg_easy_handle(const CURLMsg *message);
/// `data.result`; meaningful only when the kind is CURLMSG_DONE.
CURLcode ccurl_msg_result(const CURLMsg *message);

// Not libcurl, but needed by its loop thread: names the calling thread (at most 15 bytes
// are kept on Linux). pthread_setname_np is hidden from Swift behind _GNU_SOURCE.
void ccurl_name_current_thread(const char *name);

#endif
