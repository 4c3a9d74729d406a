# vstream: build, install, run, check, bench. Plain GNU make + pkg-config.

PREFIX		?= /usr/local
BINDIR		?= $(PREFIX)/bin
LIBDIR		?= $(PREFIX)/lib
LIBEXECDIR	?= $(PREFIX)/libexec/vstream
INCLUDEDIR	?= $(PREFIX)/include
DATADIR		?= $(PREFIX)/share/vstream
MANDIR		?= $(PREFIX)/share/man
SYSCONFDIR	?= /etc
UNITDIR		?= $(PREFIX)/lib/systemd/system

VERSION		= 0.1.0
SOMAJOR		= 0
LIBNAME		= libvstream.so
SONAME		= $(LIBNAME).$(SOMAJOR)
LIBFILE		= $(LIBNAME).$(VERSION)

PKGS		= json-c hiredis libpq libxcrypt fcgi libjwt libcrypto zlib
# Only vstream-worker links libav*: the FastCGI programs never map it.
MEDIA_PKGS	= libavformat libavcodec libavutil libswscale libswresample libavfilter
CC		?= cc
OPT		?= -O2
CFLAGS		?= $(OPT) -g
CFLAGS		+= -DVS_VERSION='"$(VERSION)"' -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE -Wall -Wextra -Werror \
		   -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
		   -DVS_DATADIR='"$(DATADIR)"' -Ilib \
		   -pthread $(shell pkg-config --cflags $(PKGS) $(MEDIA_PKGS))
LIBS		= -pthread $(shell pkg-config --libs $(PKGS)) -lm
MEDIA_LIBS	= $(shell pkg-config --libs $(MEDIA_PKGS))
RPATH		= -Wl,-rpath,'$$ORIGIN/../lib:$$ORIGIN/../../lib'

# The media code, a static archive for vstream-worker (and tests that use
# it); libvstream is the rest.
MEDIA_SRCS	= lib/media.c lib/rendition.c lib/transcode.c lib/worker.c
MEDIA_OBJS	= $(MEDIA_SRCS:.c=.o)
MEDIA_LIB	= lib/libvsmedia.a
LIB_SRCS	= $(filter-out $(MEDIA_SRCS),$(sort $(wildcard lib/*.c)))
LIB_OBJS	= $(LIB_SRCS:.c=.o)
LIB_HDRS	= $(wildcard lib/*.h)
CGIS		= cgi/admin.fcgi cgi/auth.fcgi cgi/stream.fcgi cgi/upload.fcgi \
		  cgi/videos.fcgi
PROGS		= $(CGIS) worker/vstream-worker tools/vstreamctl

TESTS		= $(patsubst %.c,%,$(wildcard tests/test_*.c))
FUZZERS		= $(patsubst %.c,%,$(wildcard tests/fuzz/fuzz_*.c))

.PHONY: all deps vendor install run stop check unit asan fuzz bench \
	bench-transcode bench-serve bench-upload load man clean

all: lib/$(LIBNAME) $(PROGS) vendor

lib/%.o: lib/%.c $(LIB_HDRS)
	$(CC) $(CFLAGS) -fPIC -fvisibility=default -c -o $@ $<

lib/$(LIBFILE): $(LIB_OBJS)
	$(CC) $(CFLAGS) -shared -Wl,-soname,$(SONAME) -Wl,-z,defs -o $@ \
	    $(LIB_OBJS) $(LIBS)

lib/$(SONAME) lib/$(LIBNAME): lib/$(LIBFILE)
	ln -sf $(LIBFILE) $@

$(MEDIA_LIB): $(MEDIA_OBJS)
	rm -f $@
	$(AR) rcs $@ $(MEDIA_OBJS)

cgi/%.fcgi: cgi/%-fcgi.c lib/$(LIBNAME) lib/$(SONAME) $(LIB_HDRS)
	$(CC) $(CFLAGS) -o $@ $< -Llib -lvstream $(LIBS) $(RPATH)

worker/vstream-worker: worker/vstream-worker.c $(MEDIA_LIB) lib/$(LIBNAME) \
    lib/$(SONAME) $(LIB_HDRS)
	$(CC) $(CFLAGS) -o $@ $< $(MEDIA_LIB) -Llib -lvstream $(MEDIA_LIBS) \
	    $(LIBS) $(RPATH)

tools/vstreamctl: tools/vstreamctl.c lib/$(LIBNAME) lib/$(SONAME) $(LIB_HDRS)
	$(CC) $(CFLAGS) -o $@ $< -Llib -lvstream $(LIBS) $(RPATH)

tests/test_%: tests/test_%.c tests/runner.h $(MEDIA_LIB) lib/$(LIBNAME) \
    lib/$(SONAME) $(LIB_HDRS)
	$(CC) $(CFLAGS) -DSRCDIR='"$(CURDIR)"' -o $@ $< $(MEDIA_LIB) -Llib \
	    -lvstream $(MEDIA_LIBS) $(LIBS) \
	    $(shell pkg-config --cflags --libs check) $(RPATH)

# Front-end packages from npm, pinned by package-lock.json.
vendor: htdocs/vendor/.stamp
htdocs/vendor/.stamp: package.json package-lock.json tools/vendor.sh
	sh tools/vendor.sh
	touch $@

deps:
	sh tools/deps.sh

install: all
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(BINDIR) \
	    $(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(INCLUDEDIR)/vstream \
	    $(DESTDIR)$(DATADIR) $(DESTDIR)$(MANDIR)/man5 \
	    $(DESTDIR)$(MANDIR)/man8 \
	    $(DESTDIR)$(SYSCONFDIR)/vstream $(DESTDIR)$(UNITDIR)
	install -m 755 lib/$(LIBFILE) $(DESTDIR)$(LIBDIR)/
	ln -sf $(LIBFILE) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/$(LIBNAME)
	install -m 644 $(filter-out lib/extern.h,$(LIB_HDRS)) \
	    $(DESTDIR)$(INCLUDEDIR)/vstream/
	sed -e 's|@PREFIX@|$(PREFIX)|; s|@VERSION@|$(VERSION)|' vstream.pc.in \
	    > $(DESTDIR)$(LIBDIR)/pkgconfig/vstream.pc
	install -m 755 $(CGIS) $(DESTDIR)$(LIBEXECDIR)/
	install -m 755 worker/vstream-worker tools/vstreamctl $(DESTDIR)$(BINDIR)/
	cp -R templates htdocs schema $(DESTDIR)$(DATADIR)/
	rm -f $(DESTDIR)$(DATADIR)/htdocs/vendor/.stamp
	install -m 644 vstream.conf $(DESTDIR)$(SYSCONFDIR)/vstream/vstream.conf.example
	install -m 644 man/*.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 644 man/*.8 $(DESTDIR)$(MANDIR)/man8/
	sed -e 's|@BINDIR@|$(BINDIR)|' worker/vstream-worker.service \
	    > $(DESTDIR)$(UNITDIR)/vstream-worker.service

run: deps all
	bash tools/run.sh

stop:
	bash tools/stack.sh stop var

unit: $(TESTS)

check: deps all $(TESTS)
	bash tests/run.sh

# The same suite with AddressSanitizer and UndefinedBehaviorSanitizer; any
# report fails the test that triggered it.
SANITIZE	= -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
		  -fno-sanitize-recover=all
asan:
	$(MAKE) clean
	$(MAKE) check OPT="$(SANITIZE)"
	$(MAKE) clean

fuzz:
	bash tests/fuzz/run.sh

# Longer runs on loopback: wrk at 64 connections, 16 uploads at once, 4
# workers on one queue.
load: all
	sh tools/deps.sh bench
	bash tests/load/run.sh

bench: bench-transcode bench-serve bench-upload

bench-serve: all
	sh tools/deps.sh bench
	bash bench/serve.sh

bench-transcode: all
	bash bench/transcode.sh

bench-upload: all
	bash bench/upload.sh

# vstream.conf(5) is made from README's configuration table; make check
# fails when the two differ.
man: man/vstream.conf.5
man/vstream.conf.5: README.md tools/man-conf.sh
	sh tools/man-conf.sh README.md > $@

clean:
	rm -f lib/*.o lib/$(LIBNAME)* $(MEDIA_LIB) $(PROGS) $(TESTS) $(FUZZERS)
