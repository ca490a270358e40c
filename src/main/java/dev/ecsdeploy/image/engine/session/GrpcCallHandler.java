package dev.ecsdeploy.image.engine.session;

import dev.ecsdeploy.image.engine.session.GrpcMessages.Answer;
import dev.ecsdeploy.image.engine.session.GrpcMessages.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2FrameStreamException;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The gRPC server side of the session, behind Netty's {@code Http2FrameCodec}: one unary call per HTTP/2 stream (the
 * headers name the method, the data carries one framed request), answered with headers, one framed message and
 * {@code grpc-status} trailers, or trailers alone for an error. Runs on the session's channel, one frame at a time.
 */
final class GrpcCallHandler extends ChannelInboundHandlerAdapter {
    /** A call whose request is complete, handed on with where to answer. */
    interface Calls {
        void complete(String path, byte[] request, Reply reply);
    }

    /** Writes a call's answer (from any thread: the session serialises access to the channel). */
    interface Reply {
        void send(Answer answer);
    }

    private final Calls calls;
    private final Consumer<Runnable> onChannel;
    private final Map<Integer, Call> open = new HashMap<>();

    private static final class Call {
        final String path;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        Call(String path) {
            this.path = path;
        }
    }

    /**
     * @param onChannel runs a write on the channel from another thread (under the session's lock) and sends what it
     *                  wrote
     */
    GrpcCallHandler(Calls calls, Consumer<Runnable> onChannel) {
        this.calls = calls;
        this.onChannel = onChannel;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof Http2HeadersFrame headers) {
                headers(ctx, headers);
            } else if (msg instanceof Http2DataFrame data) {
                data(ctx, data);
            } else if (msg instanceof Http2ResetFrame reset) {
                open.remove(reset.stream().id());
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void headers(ChannelHandlerContext ctx, Http2HeadersFrame frame) {
        Http2FrameStream stream = frame.stream();
        Call call = open.get(stream.id());
        if (call == null) {
            CharSequence path = frame.headers().path();
            call = new Call(path == null ? "" : path.toString());
            open.put(stream.id(), call);
        }
        // A second headers frame is the client's trailers: unary calls send none, and they end the request all the same.
        if (frame.isEndStream()) {
            complete(ctx, stream, call);
        }
    }

    private void data(ChannelHandlerContext ctx, Http2DataFrame frame) {
        Http2FrameStream stream = frame.stream();
        // The codec leaves flow control to the application: what is read is handed back to the window at once.
        if (frame.initialFlowControlledBytes() > 0) {
            ctx.write(new DefaultHttp2WindowUpdateFrame(frame.initialFlowControlledBytes()).stream(stream));
        }
        Call call = open.get(stream.id());
        if (call == null) {
            return;
        }
        ByteBuf content = frame.content();
        if (call.body.size() + content.readableBytes() > GrpcMessages.MAX_REQUEST) {
            open.remove(stream.id());
            write(ctx, stream, Answer.error(Status.RESOURCE_EXHAUSTED, "request over "
                    + GrpcMessages.MAX_REQUEST + " bytes"));
            ctx.write(new DefaultHttp2ResetFrame(Http2Error.CANCEL).stream(stream));
            ctx.flush();
            return;
        }
        byte[] bytes = new byte[content.readableBytes()];
        content.readBytes(bytes);
        call.body.writeBytes(bytes);
        if (frame.isEndStream()) {
            complete(ctx, stream, call);
        } else {
            ctx.flush();
        }
    }

    private void complete(ChannelHandlerContext ctx, Http2FrameStream stream, Call call) {
        open.remove(stream.id());
        byte[] request;
        try {
            request = GrpcMessages.unframe(call.body.toByteArray());
        } catch (IllegalArgumentException e) {
            write(ctx, stream, Answer.error(Status.INVALID_ARGUMENT, e.getMessage()));
            return;
        }
        calls.complete(call.path, request, answer -> onChannel.accept(() -> write(ctx, stream, answer)));
    }

    private static void write(ChannelHandlerContext ctx, Http2FrameStream stream, Answer answer) {
        Http2Headers headers = new DefaultHttp2Headers().status("200").set("content-type", "application/grpc");
        if (answer.status() == Status.OK) {
            ctx.write(new DefaultHttp2HeadersFrame(headers, false).stream(stream));
            ctx.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(GrpcMessages.frame(answer.message())), false)
                    .stream(stream));
            ctx.write(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().set("grpc-status", "0"), true)
                    .stream(stream));
        } else {
            // Trailers-only: an error is one headers frame that ends the stream.
            headers.set("grpc-status", Integer.toString(answer.status().code));
            if (!answer.description().isEmpty()) {
                headers.set("grpc-message", GrpcMessages.percentEncode(answer.description()));
            }
            ctx.write(new DefaultHttp2HeadersFrame(headers, true).stream(stream));
        }
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // The codec has already answered a protocol error (RST_STREAM or GOAWAY); nothing here is worth a trace.
        if (!(cause instanceof Http2FrameStreamException)) {
            ctx.close();
        }
    }
}
