#include "HttpServer.h"

#include <csignal>
#include "StderrQueue.h"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <ctime>
#include <list>
#include <mutex>
#include <optional>
#include <thread>

#ifdef _WIN32
#include <windows.h>
#endif

namespace hotelhub::server {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

namespace {
std::tm utcTime(std::time_t t)
{
    std::tm tm{};
#ifdef _WIN32
    gmtime_s(&tm, &t);
#else
    gmtime_r(&t, &tm);
#endif
    return tm;
}

// The Date header changes once a second: format it once a second per thread.
// Thread-locals here are plain data: on Windows (MinGW) a thread_local with a destructor is
// destroyed by a mechanism that, for threads Qt or Windows started, ran after the heap had moved
// on and corrupted it (seen under Wine as a crash at stop).
const char *httpDate(long long offsetSeconds)
{
    thread_local std::time_t cachedAt = 0;
    thread_local char cached[64] = {};
    const std::time_t now = std::time(nullptr) + std::time_t(offsetSeconds);
    if (now != cachedAt) {
        const std::tm tm = utcTime(now);
        std::strftime(cached, sizeof cached, "%a, %d %b %Y %H:%M:%S GMT", &tm);
        cachedAt = now;
    }
    return cached;
}

// A JSON string body in plain ASCII, whatever bytes come in: quotes and backslashes escaped,
// control characters and every byte above 0x7f written as \u00XX, so each log line stays valid
// JSON even for a client's invalid UTF-8.
std::string jsonEscape(const std::string &s)
{
    std::string out;
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += char(c);
        } else if (c < 0x20 || c >= 0x7f) {
            char buffer[8];
            std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
            out += buffer;
        } else {
            out += char(c);
        }
    }
    return out;
}

// An answer as HTTP/1.x bytes: the status line, our four fields, the handler's fields (a later
// one of the same name replaces an earlier one), the length, the connection's fate, the body
// (none for a HEAD request).
// Written here rather than through Beast's response serializer, whose field list allocates an
// element per field and whose buffer sequence is walked piece by piece (a fifth of the health
// answer's time). Field values with CR or LF are dropped: they would split the header.
void writeResponse(std::string &out, unsigned version, const HttpResponseData &data, const char *date, bool keepAlive, bool withBody)
{
    const auto clean = [](std::string_view v) { return v.find_first_of("\r\n") == std::string_view::npos; };
    const std::string_view reason = http::obsolete_reason(static_cast<http::status>(data.status));
    out.reserve(200 + data.body.size());
    out += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    out += std::to_string(data.status);
    out += ' ';
    out += reason;
    out += "\r\nServer: hotelhub-license-server\r\nDate: ";
    out += date;
    out += "\r\nContent-Type: ";
    out += clean(data.contentType) ? data.contentType : std::string("application/octet-stream");
    out += "\r\nCache-Control: no-store\r\n";
    for (std::size_t i = 0; i < data.headers.size(); ++i) {
        const auto &[name, value] = data.headers[i];
        const bool replaced = std::any_of(data.headers.begin() + std::ptrdiff_t(i) + 1, data.headers.end(),
                                          [&](const auto &later) { return beast::iequals(later.first, name); });
        if (replaced || name.empty() || !clean(name) || !clean(value) || name.find(':') != std::string::npos)
            continue;
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    }
    out += "Content-Length: ";
    out += std::to_string(data.body.size());
    if (version == 10 && keepAlive)
        out += "\r\nConnection: keep-alive";
    else if (version != 10 && !keepAlive)
        out += "\r\nConnection: close";
    out += "\r\n\r\n";
    if (withBody) // not for HEAD: its length is that of the body a GET would get, and no body follows
        out += data.body;
}

std::string isoNow()
{
    char buffer[40];
    const auto now = std::chrono::system_clock::now();
    const std::tm tm = utcTime(std::chrono::system_clock::to_time_t(now));
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}
} // namespace

#ifdef _WIN32
// The server that console control events stop (one per process: the one that handles signals).
std::atomic<HttpServer *> &consoleServer()
{
    static std::atomic<HttpServer *> server{nullptr};
    return server;
}
#endif

// Deadlines are plain timestamps checked by one sweeper timer for the whole server: re-arming a
// Beast timer on every request costs a timer-queue update (and often a timerfd syscall), which
// measured ~15 % of the health endpoint's throughput.
struct SessionBase
{
    virtual ~SessionBase() = default;
    // Closes the connection if it has waited for a request for at least `minIdle`.
    virtual void closeIfIdle(std::chrono::steady_clock::duration minIdle = {}) = 0;
    virtual void expire() = 0; // closes the connection if its deadline has passed
    void setDeadline(std::chrono::steady_clock::duration timeout)
    {
        deadline.store((std::chrono::steady_clock::now() + timeout).time_since_epoch().count(), std::memory_order_relaxed);
    }
    bool overdue(std::chrono::steady_clock::time_point now) const
    {
        const auto d = deadline.load(std::memory_order_relaxed);
        return d != 0 && now.time_since_epoch().count() > d;
    }
    std::atomic<std::chrono::steady_clock::rep> deadline{0};
    std::atomic<std::chrono::steady_clock::rep> idleSince{0}; // when it started waiting for a request
};

struct HttpServer::Impl
{
#ifdef _WIN32
    static BOOL WINAPI onConsoleEvent(DWORD event)
    {
        HttpServer *server = consoleServer().load();
        if (!server)
            return FALSE;
        server->stop();
        if (event == CTRL_CLOSE_EVENT || event == CTRL_SHUTDOWN_EVENT || event == CTRL_LOGOFF_EVENT) {
            for (int i = 0; i < 90 && server->d->runningThreads > 0; ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return TRUE;
    }
#endif
    HttpServerOptions opt;
    Handler handler;
    ThreadExit onThreadExit;
    net::io_context ioc;
    std::optional<ssl::context> tls;
    tcp::acceptor acceptor{ioc};
    std::optional<net::signal_set> signals;
    std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
    net::steady_timer drainTimer{ioc};
    net::steady_timer sweeper{ioc};
    net::steady_timer acceptRetry{ioc};
    void sweep();
    // Closes the connections waiting for a request (idle keep-alive ones, silent clients) to make
    // room: at the connection cap, or when the process is out of file descriptors.
    void shedIdle();
    void acceptLater(std::chrono::milliseconds delay);
    std::atomic<bool> stopping{false};
    std::mutex mutex;
    std::list<std::weak_ptr<SessionBase>> sessions;
    bool sweeping = false; // the sweeper timer is armed (under `mutex`); it sleeps while no connection is open
    std::atomic<int> live{0};
    std::vector<std::function<void()>> joins; // one per worker thread
    std::function<void()> onFinished;
    std::atomic<int> runningThreads{0};
    unsigned short boundPort = 0;

    void accept();
    void sessionEnded()
    {
        if (--live == 0 && stopping)
            net::post(ioc, [this] { drainTimer.cancel(); });
    }
    void log(const std::string &peer, const std::string &method, const std::string &target, int status, const std::string &code, double ms)
    {
        if (!opt.accessLog)
            return;
        // The route the handler matched, never the client's own path: a path may carry a key or a
        // token, and any bytes. Transport errors log "-".
        const std::string &path = target;
        // Nor the client's own method: any token characters make one ("HMS-ABCDE-23456-…" was
        // logged as it came). A method HTTP knows is logged by name, any other as "other".
        const http::verb verb = http::string_to_verb(method);
        const std::string_view known = verb != http::verb::unknown ? http::to_string(verb)
            : method.empty() || method == "-"                     ? std::string_view("-")
                                                                  : std::string_view("other");
        char line[1024];
        const int n = std::snprintf(line, sizeof line, "{\"time\":\"%s\",\"peer\":\"%s\",\"method\":\"%s\",\"path\":\"%s\",\"status\":%d,\"code\":\"%s\",\"ms\":%.2f}\n",
                                    isoNow().c_str(), jsonEscape(peer).c_str(), std::string(known).c_str(),
                                    jsonEscape(path.substr(0, 200)).c_str(), status, jsonEscape(code).c_str(), ms);
        if (n > 0)
            service::StderrQueue::writeUnmasked(std::string_view(line, std::min<std::size_t>(std::size_t(n), sizeof line - 1)));
    }
};

template <class Stream>
class Session : public SessionBase, public std::enable_shared_from_this<Session<Stream>>
{
public:
    template <class... Args>
    Session(HttpServer::Impl &server, std::string peer, Args &&...args)
        : m_server(server)
        , m_stream(std::forward<Args>(args)...)
        , m_peer(std::move(peer))
    {
        ++m_server.live;
    }
    ~Session() override { m_server.sessionEnded(); }

    void start()
    {
        auto self = this->shared_from_this();
        if constexpr (std::is_same_v<Stream, beast::ssl_stream<beast::tcp_stream>>) {
            setDeadline(m_server.opt.requestTimeout);
            m_stream.async_handshake(ssl::stream_base::server, [self](beast::error_code ec) {
                if (!ec)
                    self->read();
            });
        } else {
            net::dispatch(m_stream.get_executor(), [self] { self->read(); });
        }
    }

    void expire() override
    {
        auto self = this->shared_from_this();
        net::post(m_stream.get_executor(), [self] {
            if (!self->overdue(std::chrono::steady_clock::now()))
                return; // it moved on meanwhile
            self->deadline = 0;
            beast::error_code ignored;
            beast::get_lowest_layer(self->m_stream).socket().shutdown(tcp::socket::shutdown_both, ignored);
            beast::get_lowest_layer(self->m_stream).close();
        });
    }

    void closeIfIdle(std::chrono::steady_clock::duration minIdle) override
    {
        auto self = this->shared_from_this();
        net::post(m_stream.get_executor(), [self, minIdle] {
            const auto waited = std::chrono::steady_clock::now().time_since_epoch().count() - self->idleSince.load(std::memory_order_relaxed);
            if (self->m_idle && waited >= minIdle.count()) {
                beast::error_code ignored;
                beast::get_lowest_layer(self->m_stream).socket().shutdown(tcp::socket::shutdown_both, ignored);
                beast::get_lowest_layer(self->m_stream).close();
            }
        });
    }

private:
    void read()
    {
        if (m_server.stopping) {
            close();
            return;
        }
        m_idle = true;
        m_head = false;
        idleSince.store(std::chrono::steady_clock::now().time_since_epoch().count(), std::memory_order_relaxed);
        m_parser.emplace();
        m_parser->header_limit(std::uint32_t(m_server.opt.headerLimit));
        m_parser->body_limit(m_server.opt.bodyLimit);
        // The first request must arrive whole within the request timeout; later ones within the
        // idle timeout. The deadline covers the whole read, so a client trickling bytes is cut off.
        setDeadline(m_requests == 0 ? m_server.opt.requestTimeout : m_server.opt.idleTimeout);
        http::async_read(m_stream, m_buffer, *m_parser,
                         [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->onRead(ec); });
    }

    void onRead(beast::error_code ec)
    {
        m_idle = false;
        if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == net::error::operation_aborted
            || ec == net::error::eof || ec == net::error::connection_reset || ec == net::error::bad_descriptor) {
            close();
            return;
        }
        // Answered before the request was whole: a HEAD still gets no body (a client reading
        // strictly would take the body for the start of the next answer). The method is the
        // parser's once it read the request line, else the first word still in the buffer.
        m_head = m_parser->get().method() == http::verb::head || bufferStartsWithHead();
        if (ec == http::error::body_limit) {
            reply(error(413, "invalid_request", "The request body is larger than 64 KiB."), false, "-", "-");
            return;
        }
        if (ec == http::error::header_limit) {
            reply(error(431, "invalid_request", "The request headers are larger than 8 KiB."), false, "-", "-");
            return;
        }
        if (ec) {
            reply(error(400, "invalid_request", "The request is not valid HTTP/1.1."), false, "-", "-");
            return;
        }
        ++m_requests;
        const auto &req = m_parser->get();
        m_head = req.method() == http::verb::head;
        // A transfer coding other than "chunked" alone leaves the body's length unknown, and a
        // proxy in front may frame it otherwise: the bytes taken for the next request would be
        // the client's (request smuggling). RFC 9112 6.1: 400, and the connection closes.
        if (!transferCodingIsChunkedOnly(req)) {
            reply(error(400, "invalid_request", "Only Transfer-Encoding: chunked is accepted."), false, std::string(req.method_string()), "-", req.version());
            return;
        }
        const auto started = m_server.opt.accessLog ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point();
        HttpRequestView view;
        view.method = std::string(req.method_string());
        view.target = std::string(req.target());
        view.body = req.body();
        view.authorization = std::string(req[http::field::authorization]);
        view.peer = m_peer;
        // A client that will send nothing more (HTTP/1.0, "Connection: close") may shut its
        // sending side and still read the answer: its end of stream is no hang-up. Only a
        // kept-alive connection's is (and a commit nobody sees is answered again on retry).
        if (req.keep_alive() && !asksToClose(req))
            view.peerGone = [this] { return peerHungUp(); };
        HttpResponseData data;
        try {
            data = m_server.handler(view);
        } catch (const std::exception &) {
            data = error(500, "internal", "The server failed to handle this request.");
        }
        const bool keepAlive = req.keep_alive() && !asksToClose(req) && !m_server.stopping;
        const unsigned version = req.version();
        if (data.awaitDurable && m_server.opt.afterDurable) {
            // Group commit: this thread goes on serving; the answer leaves once the change is on disk.
            m_server.opt.afterDurable([self = this->shared_from_this(), data = std::move(data), keepAlive, version, started,
                                       method = std::move(view.method)](bool durable) mutable {
                net::post(self->m_stream.get_executor(), [self, data = std::move(data), keepAlive, version, started, method = std::move(method),
                                                           durable]() mutable {
                    if (!durable) {
                        std::string route = std::move(data.logRoute);
                        data = error(503, "unavailable", "The licence database could not save the change to disk. Try again.");
                        data.logRoute = std::move(route);
                        data.headers.emplace_back("Retry-After", "5");
                    }
                    self->answer(std::move(data), keepAlive, version, method, started);
                });
            });
            return;
        }
        answer(std::move(data), keepAlive, version, view.method, started);
    }

    void answer(HttpResponseData data, bool keepAlive, unsigned version, const std::string &method, std::chrono::steady_clock::time_point started)
    {
        if (m_server.opt.accessLog)
            m_server.log(m_peer, method, data.logRoute.empty() ? std::string("-") : data.logRoute, data.status, data.logCode,
                         std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
        reply(std::move(data), keepAlive, {}, {}, version);
    }

    // No Transfer-Encoding, or exactly one, "chunked" (any case, spaces around), in HTTP/1.1.
    static bool transferCodingIsChunkedOnly(const http::request<http::string_body> &req)
    {
        const auto range = req.equal_range(http::field::transfer_encoding);
        if (range.first == range.second)
            return true;
        // Two fields, or any in HTTP/1.0 (which has no transfer codings: RFC 9112 6.1, a proxy
        // speaking 1.0 frames the body otherwise).
        if (std::next(range.first) != range.second || req.version() < 11)
            return false;
        std::string value(range.first->value());
        const auto begin = value.find_first_not_of(" \t");
        const auto end = value.find_last_not_of(" \t");
        value = begin == std::string::npos ? std::string() : value.substr(begin, end - begin + 1);
        return beast::iequals(value, "chunked");
    }

    // "close" in any Connection field (Beast reads the first one only).
    static bool asksToClose(const http::request<http::string_body> &req)
    {
        for (auto [it, end] = req.equal_range(http::field::connection); it != end; ++it) {
            std::string_view rest = it->value();
            while (!rest.empty()) {
                const auto comma = rest.find(',');
                std::string_view token = rest.substr(0, comma);
                while (!token.empty() && (token.front() == ' ' || token.front() == '\t'))
                    token.remove_prefix(1);
                while (!token.empty() && (token.back() == ' ' || token.back() == '\t'))
                    token.remove_suffix(1);
                if (beast::iequals(token, "close"))
                    return true;
                rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
            }
        }
        return false;
    }

    bool bufferStartsWithHead() const
    {
        const auto data = m_buffer.cdata();
        constexpr std::string_view head = "HEAD ";
        return data.size() >= head.size() && std::string_view(static_cast<const char *>(data.data()), head.size()) == head;
    }

    // A peek that does not wait: end of stream or a reset means the client is gone; bytes or
    // "would block" mean it is still there. (Through TLS a close_notify reads as bytes, so only
    // the TCP close is seen.)
    bool peerHungUp()
    {
        auto &socket = beast::get_lowest_layer(m_stream).socket();
        beast::error_code ec;
        const bool wasNonBlocking = socket.non_blocking();
        socket.non_blocking(true, ec);
        if (ec)
            return false;
        char byte = 0;
        const std::size_t n = socket.receive(net::buffer(&byte, 1), tcp::socket::message_peek, ec);
        beast::error_code restored;
        socket.non_blocking(wasNonBlocking, restored);
        if (ec == net::error::would_block || ec == net::error::try_again)
            return false;
        return ec == net::error::eof || ec == net::error::connection_reset || ec == net::error::connection_aborted || (!ec && n == 0);
    }

    static HttpResponseData error(int status, const char *code, const char *message)
    {
        HttpResponseData d;
        d.status = status;
        d.logCode = code;
        d.body = std::string("{\"error\":\"") + message + "\",\"code\":\"" + code + "\"}";
        return d;
    }

    void reply(HttpResponseData data, bool keepAlive, const std::string &logMethod, const std::string &logTarget, unsigned version = 11)
    {
        if (!logMethod.empty())
            m_server.log(m_peer, logMethod, logTarget, data.status, data.logCode, 0);
        m_response.clear();
        writeResponse(m_response, version, data, httpDate(m_server.opt.clockOffsetSeconds), keepAlive, !m_head);
        setDeadline(m_server.opt.requestTimeout); // a client that does not read its answer is cut off too
        net::async_write(m_stream, net::buffer(m_response), [self = this->shared_from_this(), keepAlive](beast::error_code ec, std::size_t) {
            if (ec || !keepAlive)
                self->close();
            else
                self->read();
        });
    }

    void close()
    {
        deadline = 0;
        if constexpr (std::is_same_v<Stream, beast::ssl_stream<beast::tcp_stream>>) {
            beast::get_lowest_layer(m_stream).expires_after(std::chrono::seconds(2));
            m_stream.async_shutdown([self = this->shared_from_this()](beast::error_code) {
                beast::get_lowest_layer(self->m_stream).close();
            });
        } else {
            beast::error_code ignored;
            m_stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
            m_stream.close();
        }
    }

    HttpServer::Impl &m_server;
    Stream m_stream;
    std::string m_peer;
    beast::flat_buffer m_buffer;
    std::optional<http::request_parser<http::string_body>> m_parser;
    std::string m_response; // the answer as it goes on the wire (writeResponse); its capacity is reused
    bool m_idle = true;
    bool m_head = false; // the request being answered is a HEAD: its answer carries no body
    int m_requests = 0;
};

void HttpServer::Impl::sweep()
{
    sweeper.expires_after(std::chrono::milliseconds(250));
    sweeper.async_wait([this](beast::error_code ec) {
        if (ec)
            return;
        const auto now = std::chrono::steady_clock::now();
        std::vector<std::shared_ptr<SessionBase>> due;
        {
            std::lock_guard lock(mutex);
            sessions.remove_if([](const std::weak_ptr<SessionBase> &w) { return w.expired(); });
            for (auto &weak : sessions)
                if (auto s = weak.lock(); s && s->overdue(now))
                    due.push_back(std::move(s));
        }
        for (auto &s : due)
            s->expire();
        {
            // No connection left: the timer sleeps until the next one is accepted (an idle
            // server does not wake for it).
            std::lock_guard lock(mutex);
            if (sessions.empty() || stopping) {
                sweeping = false;
                return;
            }
        }
        sweep();
    });
}

void HttpServer::Impl::shedIdle()
{
    std::vector<std::shared_ptr<SessionBase>> all;
    {
        std::lock_guard lock(mutex);
        for (auto &weak : sessions)
            if (auto s = weak.lock())
                all.push_back(std::move(s));
    }
    // Only those idle for a while: a connection just accepted has its request on the way.
    for (auto &s : all)
        s->closeIfIdle(std::chrono::milliseconds(500));
}

void HttpServer::Impl::acceptLater(std::chrono::milliseconds delay)
{
    acceptRetry.expires_after(delay);
    acceptRetry.async_wait([this](beast::error_code ec) {
        if (!ec && !stopping)
            accept();
    });
}

void HttpServer::Impl::accept()
{
    // At the cap the next connection waits in the listen backlog while idle ones are closed; it
    // is accepted as soon as one ends. Health keeps answering: idle connections never hold it out.
    if (live >= opt.maxConnections) {
        shedIdle();
        acceptLater(std::chrono::milliseconds(20));
        return;
    }
    acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
        if (ec) {
            if (stopping || ec == net::error::operation_aborted)
                return;
            // Out of file descriptors (EMFILE/ENFILE) or memory: accepting again at once fails
            // again at once (100 % CPU, nothing answered). Free idle connections, then retry.
            shedIdle();
            acceptLater(std::chrono::milliseconds(50));
            return;
        }
        beast::error_code peerError;
        const auto endpoint = socket.remote_endpoint(peerError);
        const std::string peer = peerError ? std::string("?") : endpoint.address().to_string();
        std::shared_ptr<SessionBase> session;
        bool wakeSweeper = false;
        if (tls) {
            auto s = std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(*this, peer, std::move(socket), *tls);
            s->start();
            session = s;
        } else {
            auto s = std::make_shared<Session<beast::tcp_stream>>(*this, peer, std::move(socket));
            s->start();
            session = s;
        }
        {
            std::lock_guard lock(mutex);
            sessions.remove_if([](const std::weak_ptr<SessionBase> &w) { return w.expired(); });
            sessions.push_back(session);
            wakeSweeper = !sweeping && !stopping;
            sweeping = sweeping || wakeSweeper;
        }
        if (wakeSweeper)
            sweep();
        if (!stopping)
            accept();
    });
}

HttpServer::HttpServer(HttpServerOptions options, Handler handler, ThreadExit onThreadExit)
    : d(std::make_unique<Impl>())
{
    d->opt = std::move(options);
    d->handler = std::move(handler);
    d->onThreadExit = std::move(onThreadExit);
}

HttpServer::~HttpServer()
{
#ifdef _WIN32
    HttpServer *self = this;
    consoleServer().compare_exchange_strong(self, nullptr);
#endif
    stop(std::chrono::seconds(0));
    wait();
}

unsigned short HttpServer::port() const { return d->boundPort; }

bool HttpServer::listen(std::string *error)
{
    try {
        if (!d->opt.tlsCertificatePem.empty() || !d->opt.tlsPrivateKeyPem.empty()) {
            d->tls.emplace(ssl::context::tls_server);
            d->tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3
                                | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
            d->tls->use_certificate_chain(net::buffer(d->opt.tlsCertificatePem));
            d->tls->use_private_key(net::buffer(d->opt.tlsPrivateKeyPem), ssl::context::pem);
        }
        const tcp::endpoint endpoint(net::ip::make_address(d->opt.address), d->opt.port);
        d->acceptor.open(endpoint.protocol());
#ifdef _WIN32
        // On Windows SO_REUSEADDR lets a second server bind the same port and steal connections;
        // exclusive use makes the second one fail with "address in use", as on Linux.
        using ExclusiveAddressUse = net::detail::socket_option::boolean<SOL_SOCKET, SO_EXCLUSIVEADDRUSE>;
        d->acceptor.set_option(ExclusiveAddressUse(true));
#else
        d->acceptor.set_option(net::socket_base::reuse_address(true));
#endif
        d->acceptor.bind(endpoint);
        d->acceptor.listen(net::socket_base::max_listen_connections);
        d->boundPort = d->acceptor.local_endpoint().port();
    } catch (const std::exception &e) {
        *error = e.what();
        return false;
    }
    return true;
}

void HttpServer::start(bool handleSignals, std::function<void()> onFinished)
{
    d->onFinished = std::move(onFinished);
    d->work.emplace(d->ioc.get_executor());
    if (handleSignals) {
#ifndef _WIN32
        // A reader of stderr (`serve 2>&1 | logger`) or a peer that goes away must not end the
        // server: the write then fails with EPIPE, the lines are lost, serving goes on.
        std::signal(SIGPIPE, SIG_IGN);
#endif
        d->signals.emplace(d->ioc, SIGTERM, SIGINT);
        d->signals->async_wait([this](beast::error_code ec, int) {
            if (!ec)
                stop();
        });
#ifdef _WIN32
        // Windows raises no SIGTERM: closing the console window, Ctrl+Break, logoff of a service
        // account and shutdown arrive as console control events. Each drains like SIGTERM. For a
        // close or a shutdown, Windows ends the process when the handler returns, so it waits
        // (up to the 5 s Windows allows) until every answered request is stored.
        consoleServer().store(this);
        SetConsoleCtrlHandler(&HttpServer::Impl::onConsoleEvent, TRUE);
#endif
    }
    d->accept();
    const int n = std::max(1, d->opt.threads);
    d->runningThreads = n;
    for (int i = 0; i < n; ++i) {
        std::function<void()> body = [this] {
            d->ioc.run();
            if (d->onThreadExit)
                d->onThreadExit();
            if (--d->runningThreads == 0) {
                // The log's last lines out before a Windows console close ends the process, unless
                // stderr does not take them within 2 s.
                service::StderrQueue::flush(std::chrono::seconds(2));
                if (d->onFinished)
                    d->onFinished();
            }
        };
        if (d->opt.startThread) {
            d->joins.push_back(d->opt.startThread(std::move(body)));
        } else {
            auto thread = std::make_shared<std::thread>(std::move(body));
            d->joins.push_back([thread] {
                if (thread->joinable())
                    thread->join();
            });
        }
    }
}

void HttpServer::wait()
{
    for (const std::function<void()> &join : d->joins)
        join();
    d->joins.clear();
    service::StderrQueue::flush(std::chrono::seconds(2)); // the log's last lines, unless stderr is stuck
}

void HttpServer::stop(std::chrono::seconds grace)
{
    net::post(d->ioc, [this, grace] {
        if (d->stopping.exchange(true))
            return;
        beast::error_code ignored;
        d->acceptor.close(ignored);
        d->sweeper.cancel();
        d->acceptRetry.cancel();
        if (d->signals)
            d->signals->cancel(ignored);
        std::list<std::weak_ptr<SessionBase>> sessions;
        {
            std::lock_guard lock(d->mutex);
            sessions = d->sessions;
        }
        for (auto &weak : sessions)
            if (auto s = weak.lock())
                s->closeIfIdle();
        d->work.reset();
        if (d->live == 0)
            return; // nothing in flight: run() returns as soon as the queue is empty
        // Busy sessions finish their request (and close, since stopping is set); after the grace
        // period whatever is left is cut.
        d->drainTimer.expires_after(grace);
        d->drainTimer.async_wait([this](beast::error_code ec) {
            if (!ec)
                d->ioc.stop();
        });
    });
}

} // namespace hotelhub::server
