// The reference server's HTTP(S) transport on Boost.Beast: a thread pool over the cores,
// explicit limits (header 8 KiB, body 64 KiB), read and idle timeouts, keep-alive and
// `Connection: close` honoured, and a graceful drain on stop(). No licence rule lives here.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace hotelhub::server {

struct HttpRequestView
{
    std::string method;
    std::string target;
    std::string body;
    std::string authorization;
    std::string peer;
    // True once the client has hung up (FIN or reset) while its request is being handled: the
    // handler then commits nothing, since no answer can reach anyone. Valid during the call only.
    std::function<bool()> peerGone;
};

struct HttpResponseData
{
    int status = 200;
    std::string contentType = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string logCode; // machine code for the access log (never a secret)
    std::string logRoute; // the route the handler matched, logged instead of the client's path ("-": none)
    // The handler committed a change: the reply waits for HttpServerOptions::afterDurable.
    bool awaitDurable = false;
};

struct HttpServerOptions
{
    std::string address = "127.0.0.1";
    unsigned short port = 0;
    int threads = 2;
    std::size_t headerLimit = 8 * 1024;
    std::size_t bodyLimit = 64 * 1024;
    std::chrono::seconds requestTimeout{10}; // a whole request must arrive within this
    std::chrono::seconds idleTimeout{30};    // keep-alive connections idle longer are closed
    int maxConnections = 512;                // open connections at most; idle ones make room for new ones
    std::string tlsCertificatePem;           // both set: HTTPS (the files' bytes, checked by TlsFiles)
    std::string tlsPrivateKeyPem;
    bool accessLog = true;
    long long clockOffsetSeconds = 0;        // --clock-offset: the Date header follows the shifted clock
    // Starts one worker thread running `body` and returns what joins it; empty: a std::thread.
    // The server passes QThreads: a thread Qt did not start is "adopted" by Qt once it uses a
    // database connection, and on Windows Qt cleans an adopted thread up on a thread of its own,
    // after the thread ended, racing the program's exit (seen under Wine as a crash at stop).
    std::function<std::function<void()>(std::function<void()> body)> startThread;
    // Group commit: calls `done(durable)` (from any thread) once what the handler committed is on
    // disk. The worker thread serves other connections meanwhile; the reply is sent from the
    // connection's own thread afterwards, or replaced by a 503 when the sync failed. Empty: replies
    // go out at once.
    std::function<void(std::function<void(bool durable)> done)> afterDurable;
};

class HttpServer
{
public:
    using Handler = std::function<HttpResponseData(const HttpRequestView &)>;
    // Called on each worker thread as it exits (to close that thread's DB connection).
    using ThreadExit = std::function<void()>;

    HttpServer(HttpServerOptions options, Handler handler, ThreadExit onThreadExit = {});
    ~HttpServer();

    // Binds and listens; false with a message (address in use, bad certificate, …).
    bool listen(std::string *error);
    unsigned short port() const;
    // Starts the worker threads (returns at once). With `handleSignals`, SIGTERM and SIGINT call stop().
    void start(bool handleSignals, std::function<void()> onFinished);
    // Joins the worker threads (after stop() has drained every connection).
    void wait();
    // Stops accepting, lets in-flight requests finish (up to `grace`), then closes everything.
    // Safe from any thread.
    void stop(std::chrono::seconds grace = std::chrono::seconds(10));

    struct Impl; // public so that the sessions in the .cpp can reach it

private:
    std::unique_ptr<Impl> d;
};

} // namespace hotelhub::server
