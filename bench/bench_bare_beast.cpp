// Baseline for the health benchmark: the smallest Boost.Beast server on the same thread count,
// answering every request with {"ok":true}. No limits, no logging, no routing.
#include <utility> // before Boost 1.74 Asio in C++20 (awaitable.hpp uses std::exchange)
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <memory>
#include <thread>
#include <vector>

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

struct Session : std::enable_shared_from_this<Session>
{
    explicit Session(tcp::socket s) : stream(std::move(s)) {}
    beast::tcp_stream stream;
    beast::flat_buffer buffer;
    http::request<http::string_body> req;
    http::response<http::string_body> res;
    void read()
    {
        req = {};
        http::async_read(stream, buffer, req, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec)
                return;
            self->res = {http::status::ok, self->req.version()};
            self->res.set(http::field::content_type, "application/json");
            self->res.body() = "{\"ok\":true}";
            self->res.keep_alive(self->req.keep_alive());
            self->res.prepare_payload();
            http::async_write(self->stream, self->res, [self](beast::error_code e, std::size_t) {
                if (!e && self->res.keep_alive())
                    self->read();
            });
        });
    }
};

int main(int argc, char *argv[])
{
    const unsigned short port = static_cast<unsigned short>(argc > 1 ? std::atoi(argv[1]) : 0);
    const int threads = argc > 2 ? std::atoi(argv[2]) : 2;
    net::io_context ioc;
    tcp::acceptor acceptor(ioc, {net::ip::make_address("127.0.0.1"), port});
    std::function<void()> accept = [&] {
        acceptor.async_accept(net::make_strand(ioc), [&](beast::error_code ec, tcp::socket s) {
            if (!ec)
                std::make_shared<Session>(std::move(s))->read();
            accept();
        });
    };
    accept();
    std::printf("%d\n", acceptor.local_endpoint().port());
    std::fflush(stdout);
    std::vector<std::thread> pool;
    for (int i = 0; i < threads; ++i)
        pool.emplace_back([&] { ioc.run(); });
    for (auto &t : pool)
        t.join();
}
