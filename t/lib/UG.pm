# UG.pm: the real stack for integration tests.
#
# A stack is a private directory (0755, under $TMPDIR, removed at the end)
# holding a MariaDB server copied from a template data directory, usergate
# started one of the ways operators start it, and nginx on a loopback
# port in front.  Tests speak HTTP to nginx only.
#
# Nothing that runs as another user (usergate as www-data, nginx's
# workers, MariaDB as mysql) reaches into the checkout, which may sit
# under a 0700 home: the binary, the schema and the suppression files are
# staged once per test process into a directory of their own under
# $TMPDIR ($UG::BIN is that copy), and everything else lives in the
# stack's directory.  Every service is a process group of its own, and
# every stack is stopped when the test ends, dies or is interrupted
# (SIGINT, SIGTERM, SIGHUP): no mariadbd or nginx is left behind.
#
# Environment (set by `make check`): UG_BIN, UG_SRCDIR, UG_BUILDDIR,
# UG_NGINX, UG_MARIADBD, UG_SPAWN_FCGI; UG_MARIADB_ARGS adds options to the
# server's command line (for experiments with its settings).
package UG;

use strict;
use warnings;
use Carp qw(croak);
use File::Copy qw(copy);
use File::Path qw(make_path remove_tree);
use File::Temp qw(tempdir);
use Scalar::Util qw(weaken refaddr);
use IO::Socket::INET;
use IO::Socket::UNIX;
use Socket qw(SOCK_STREAM);
use HTTP::Tiny;
use JSON::PP;
use POSIX qw(:sys_wait_h);
use Time::HiRes qw(sleep time);
use Test::More ();

our $BIN_BUILT = $ENV{UG_BIN}    // croak "UG_BIN not set";
our $SRCDIR   = $ENV{UG_SRCDIR}   // croak "UG_SRCDIR not set";
our $BUILDDIR = $ENV{UG_BUILDDIR} // croak "UG_BUILDDIR not set";
our $NGINX    = $ENV{UG_NGINX}    || '/usr/sbin/nginx';
our $MARIADBD = $ENV{UG_MARIADBD} || '/usr/sbin/mariadbd';
our $SPAWN    = $ENV{UG_SPAWN_FCGI} || '/usr/bin/spawn-fcgi';
our $IS_ROOT  = $> == 0;
our $RUN_AS   = 'www-data';
# As root, MariaDB runs as mysql (as Debian's does) where that user exists.
our $DB_USER  = $IS_ROOT && defined getpwnam('mysql') ? 'mysql' : undef;
our $TMP      = $ENV{TMPDIR} || '/tmp';
our $DB_PASSWORD = 'ug-test-pw';
# `make check-valgrind` sets UG_VALGRIND to valgrind's path: usergate then
# runs under memcheck, and any error it reports fails the test file.
our $VALGRIND = $ENV{UG_VALGRIND} || '';

# chown_to(USER, PATHS...): give paths to USER (and its group); a no-op
# unless root.
sub chown_to {
	my ($user, @paths) = @_;
	return unless $IS_ROOT;
	my (undef, undef, $uid, $gid) = getpwnam($user) or croak "no user $user";
	chown $uid, $gid, @paths or croak "chown $user @paths: $!";
}

# private_dir(PATH, OWNER[, USER]): a directory only its owner reaches;
# as root, OWNER's (root's if undef) with the group of usergate's user
# (USER, else $RUN_AS) and mode 0750, so that usergate reaches what is
# inside and nobody else does.
sub private_dir {
	my ($path, $owner, $user) = @_;
	make_path($path);
	if ($IS_ROOT) {
		my $uid = $owner ? (getpwnam($owner))[2] : 0;
		chown $uid, scalar((getpwnam($user // $RUN_AS))[3]), $path
		    or croak "chown $path: $!";
		chmod 0750, $path;
	} else {
		chmod 0700, $path;
	}
}

# The staging directory: what the services read from the checkout,
# copied once per test process (0755, removed at its end).
our $STAGE = tempdir("usergate-t-bin-XXXXXX", DIR => $TMP, CLEANUP => 1);
chmod 0755, $STAGE;
our $BIN = "$STAGE/usergate";
copy($BIN_BUILT, $BIN) or croak "copy $BIN_BUILT: $!";
chmod 0755, $BIN;
our $MIGRATIONS = "$STAGE/db";
make_path($MIGRATIONS);
for my $f (glob("$SRCDIR/db/*.sql"), "$SRCDIR/t/lsan.supp",
    "$SRCDIR/t/valgrind.supp") {
	next unless -e $f;
	my $to = $f =~ /\.sql$/ ? $MIGRATIONS : $STAGE;
	copy($f, $to) or croak "copy $f: $!";
}
chmod 0644, glob("$MIGRATIONS/*.sql"), glob("$STAGE/*.supp");

sub free_port {
	my $s = IO::Socket::INET->new(Listen => 1, LocalAddr => '127.0.0.1',
	    LocalPort => 0, Proto => 'tcp') or croak "no free port: $!";
	my $p = $s->sockport;
	close $s;
	return $p;
}

sub wait_for {
	my ($what, $secs, $cond) = @_;
	my $end = time + $secs;
	while (time < $end) {
		return 1 if $cond->();
		sleep 0.05;
	}
	croak "timed out waiting for $what";
}

sub slurp {
	my ($path) = @_;
	open my $fh, '<', $path or return '';
	local $/;
	my $s = <$fh>;
	return $s // '';
}

sub spew {
	my ($path, $text, $mode) = @_;
	open my $fh, '>', $path or croak "$path: $!";
	print $fh $text;
	close $fh;
	chmod $mode, $path if defined $mode;
}

# Spawns a command with its output to a file, as the leader of a process
# group of its own (reap kills the whole group, so a daemon's children go
# with it, and a terminal's Ctrl-C reaches the test, which stops it in
# order); returns the pid.
sub spawn {
	my ($log, $env, @cmd) = @_;
	my $pid = fork // croak "fork: $!";
	if ($pid == 0) {
		POSIX::setpgid(0, 0);
		open STDIN, '<', '/dev/null';
		open STDOUT, '>>', $log;
		open STDERR, '>&', \*STDOUT;
		%ENV = (%ENV, %{ $env || {} });
		exec @cmd or POSIX::_exit(127);
	}
	return $pid;
}

# reap(PID, SECONDS): waits for a process spawn() started to exit, at
# most SECONDS, then KILLs its whole process group (whatever is left of
# it either way: nginx's workers if their master went first); returns
# its wait status.
sub reap {
	my ($pid, $secs) = @_;
	my $end = time + $secs;
	my $st;
	while (1) {
		my $r = waitpid($pid, WNOHANG);
		if ($r == $pid) {
			$st = $?;
			last;
		}
		if ($r == -1) {
			$st = -1;
			last;
		}
		if (time >= $end) {
			kill 'KILL', -$pid;
			waitpid($pid, 0);
			$st = $?;
			last;
		}
		sleep 0.02;
	}
	kill 'KILL', -$pid;
	return $st;
}

sub mariadb_client {
	for my $c (qw(mariadb mysql)) {
		for my $d (split(/:/, $ENV{PATH}), '/usr/bin') {
			return "$d/$c" if -x "$d/$c";
		}
	}
	croak "no mariadb client";
}

# The template data directory: created once per build, copied per stack.
# It is made under $TMPDIR, where MariaDB's user can reach it, and then
# copied (owners kept) into the build directory.
sub template {
	my $tpl = "$BUILDDIR/t/tmp/mariadb-template";
	my $owner = $DB_USER // 'self';
	return $tpl if slurp("$tpl/.ready") eq "owner=$owner\n";
	my $work = tempdir("usergate-tpl-XXXXXX", DIR => $TMP, CLEANUP => 1);
	chmod 0755, $work;
	make_path("$work/data");
	chmod 0700, "$work/data";
	chown_to($DB_USER, "$work/data") if $DB_USER;
	my $install = -x '/usr/bin/mariadb-install-db' ?
	    '/usr/bin/mariadb-install-db' : 'mysql_install_db';
	my $user = $DB_USER ? "--user=$DB_USER " : $IS_ROOT ? '--user=root ' : '';
	# Its temporary tables in a directory of its own, not in a /tmp that
	# every test run on the machine shares.
	private_dir("$work/mysql", $DB_USER);
	system("$install --no-defaults --datadir=$work/data $user"
	    . "--tmpdir=$work/mysql "
	    . "--auth-root-authentication-method=normal --skip-test-db "
	    . ">$work/install.log 2>&1") == 0
	    or croak "mariadb-install-db failed: " . slurp("$work/install.log");
	my $db = UG::DB->new("$work/data", $work);
	$db->start;
	$db->sql_root("CREATE DATABASE usergate CHARACTER SET utf8mb4; "
	    . "CREATE USER 'usergate'\@'localhost' IDENTIFIED BY '$DB_PASSWORD'; "
	    . "GRANT ALL ON usergate.* TO 'usergate'\@'localhost';");
	$db->stop;
	# Another test process may be making it too: the last one wins, whole.
	my $new = "$tpl.new.$$";
	remove_tree($new);
	make_path($new);
	system('cp', '-a', "$work/data", "$new/data") == 0 or croak "cp: $?";
	spew("$new/.ready", "owner=$owner\n");
	remove_tree($tpl);
	rename($new, $tpl) or remove_tree($new);
	return $tpl;
}

# new(%opt): conf => { key => value } for usergate.conf; quiet => 1 (no
# nginx access log); nginx_workers => N (1); keep_conn => 0 (nginx opens
# a connection per request, as without fastcgi_keep_conn; by default it
# keeps them, as nginx.conf.example does); nginx_extra => text inside
# nginx's server block; no_tap => 1 (stop() emits no TAP: the benchmark).
sub new {
	my ($class, %opt) = @_;
	my $dir = tempdir("usergate-t-XXXXXX", DIR => $TMP,
	    CLEANUP => !$ENV{UG_KEEP});
	chmod 0755, $dir;
	my $self = bless { dir => $dir, conf => $opt{conf} || {}, owner => $$,
	    pids => {}, quiet => $opt{quiet}, no_tap => $opt{no_tap},
	    nginx_workers => $opt{nginx_workers} // 1,
	    keep_conn => $opt{keep_conn} // 1,
	    nginx_extra => $opt{nginx_extra} // '' }, $class;
	register($self);
	make_path("$dir/san", "$dir/nginx");
	# Sanitizer reports of a usergate that runs as www-data.
	chown_to($RUN_AS, "$dir/san");
	chmod 0700, "$dir/san";
	my $tpl = template();
	system('cp', '-a', "$tpl/data", "$dir/db") == 0 or croak "cp: $?";
	$self->{db} = UG::DB->new("$dir/db", $dir, $self->{conf}{user});
	$self->{port} = free_port();
	$self->write_conf;
	return $self;
}

sub dir { $_[0]{dir} }
sub port { $_[0]{port} }
sub db { $_[0]{db} }

sub write_conf {
	my ($self) = @_;
	my $d = $self->{dir};
	my %c = (
		db_socket      => $self->{db}->sock,
		db_host        => 'localhost',
		db_user        => 'usergate',
		db_password    => $DB_PASSWORD,
		db_name        => 'usergate',
		log            => "$d/usergate.log",
		log_level      => 'info',
		migrations_dir => $MIGRATIONS,
		threads        => 4,
		user           => $RUN_AS,
		%{ $self->{conf} },
	);
	# A key given as undef takes usergate's own default.
	delete $c{$_} for grep { !defined $c{$_} } keys %c;
	# It holds the DB password: its owner's only, and readable by the
	# group of the user usergate runs as, which reads it under
	# spawn-fcgi -u and as a CGI.
	spew("$d/usergate.conf",
	    join('', map { "$_ = $c{$_}\n" } sort keys %c), 0600);
	if ($IS_ROOT) {
		chown 0, scalar((getpwnam($RUN_AS))[3]), "$d/usergate.conf";
		chmod 0640, "$d/usergate.conf";
	}
	# usergate may open it after dropping privileges (spawn-fcgi -u).
	unless (-e "$d/usergate.log") {
		spew("$d/usergate.log", '', 0600);
		chown_to($RUN_AS, "$d/usergate.log");
	}
}

sub env {
	my ($self) = @_;
	my $d = $self->{dir};
	return {
		USERGATE_CONFIG => "$d/usergate.conf",
		# A use of a returned function's locals too (what a list's
		# callback kept by memcpy read): not on by default in ASan.
		ASAN_OPTIONS => "log_path=$d/san/asan:detect_leaks=1:"
		    . "detect_stack_use_after_return=1",
		LSAN_OPTIONS => "suppressions=$STAGE/lsan.supp",
		UBSAN_OPTIONS => "log_path=$d/san/ubsan:print_stacktrace=1",
		TSAN_OPTIONS => "log_path=$d/san/tsan:second_deadlock_stack=1",
	};
}

# Runs usergate with arguments; returns (exit status, output).
sub cli {
	my ($self, $stdin, @args) = @_;
	my $d = $self->{dir};
	my $env = $self->env;
	local %ENV = (%ENV, %$env);
	my $out = "$d/cli.out";
	open my $fh, '|-', join(' ', map { quotemeta } $self->usergate_cmd, @args)
	    . " >$out 2>&1"
	    or croak "usergate: $!";
	print $fh $stdin if defined $stdin;
	close $fh;
	return ($? >> 8, slurp($out));
}

sub add_user {
	my ($self, $name, $pw, $role) = @_;
	my ($rc, $out) = $self->cli("$pw\n", 'user', 'add', $name,
	    '--role', $role // 'user');
	croak "user add $name: $out" if $rc != 0;
}

# start(how => spawn|unix|tcp): database, migration, usergate, nginx.
sub start {
	my ($self, %opt) = @_;
	my $how = $opt{how} || 'spawn';
	$self->{db}->start;
	my ($rc, $out) = $self->cli(undef, 'migrate');
	croak "migrate: $out" if $rc != 0;
	$self->start_usergate($how);
	$self->start_nginx;
	return $self;
}

sub start_usergate {
	my ($self, $how) = @_;
	my $d = $self->{dir};
	$self->{how} = $how;
	my @cmd;
	if ($how eq 'spawn') {
		$self->{upstream} = "unix:$d/usergate.sock";
		@cmd = ($SPAWN, '-n', '-s', "$d/usergate.sock", '-M', '0660',
		    ($IS_ROOT ? ('-u', $RUN_AS, '-g', $RUN_AS, '-U', $RUN_AS,
		    '-G', $RUN_AS) : ()), '--', $self->usergate_cmd);
	} elsif ($how eq 'unix') {
		$self->{upstream} = "unix:$d/usergate.sock";
		@cmd = ($self->usergate_cmd, 'serve', '--listen', "$d/usergate.sock");
	} elsif ($how eq 'tcp') {
		my $p = free_port();
		$self->{upstream} = "127.0.0.1:$p";
		@cmd = ($self->usergate_cmd, 'serve', '--listen', "127.0.0.1:$p");
	} else {
		croak "unknown start mode $how";
	}
	unlink "$d/usergate.sock";
	$self->{pids}{usergate} = spawn("$d/usergate.out", $self->env, @cmd);
	if ($how eq 'tcp') {
		my ($h, $p) = split /:/, $self->{upstream};
		wait_for('usergate tcp', 10, sub {
			IO::Socket::INET->new(PeerAddr => $h, PeerPort => $p) });
	} else {
		# Listening, not just bound: spawn-fcgi binds, chowns and chmods
		# before it listens, and a request in between gets nginx's 502.
		wait_for('usergate socket', 10, sub { -S "$d/usergate.sock" &&
		    IO::Socket::UNIX->new(Peer => "$d/usergate.sock",
		    Type => SOCK_STREAM) });
	}
}

sub stop_usergate {
	my ($self, $sig) = @_;
	my $pid = delete $self->{pids}{usergate} or return;
	kill $sig // 'TERM', $pid;
	my $t = time;
	$self->{usergate_status} = reap($pid, 60);
	return time - $t;
}

sub usergate_pid { $_[0]{pids}{usergate} }

sub start_nginx {
	my ($self) = @_;
	my $d = $self->{dir};
	my $user = $IS_ROOT ? "user $RUN_AS;\n" : '';
	my $extra = ref $self->{nginx_extra} ? $self->{nginx_extra}->($d) :
	    $self->{nginx_extra};
	# As nginx.conf.example has it: connections to usergate are kept,
	# and a 100-user list is read in a few buffers, not a dozen.
	my ($keepalive, $keep_conn) = $self->{keep_conn} ?
	    ('keepalive 64;', 'fastcgi_keep_conn on;') : ('', '');
	my $conf = <<"EOC";
${user}daemon off;
worker_processes $self->{nginx_workers};
error_log $d/nginx/error.log info;
pid $d/nginx/nginx.pid;
events { worker_connections 4096; }
http {
  access_log ${\ ($self->{quiet} ? 'off' : "$d/nginx/access.log") };
  client_body_temp_path $d/nginx/body;
  fastcgi_temp_path $d/nginx/fastcgi;
  proxy_temp_path $d/nginx/proxy;
  uwsgi_temp_path $d/nginx/uwsgi;
  scgi_temp_path $d/nginx/scgi;
  client_max_body_size 4m;
  client_body_buffer_size 4m;
  large_client_header_buffers 4 8k;
  upstream usergate {
    server $self->{upstream};
    $keepalive
  }
  server {
    listen 127.0.0.1:$self->{port};
    location / {
      fastcgi_param QUERY_STRING    \$query_string;
      fastcgi_param REQUEST_METHOD  \$request_method;
      fastcgi_param CONTENT_TYPE    \$content_type;
      fastcgi_param CONTENT_LENGTH  \$content_length;
      fastcgi_param SCRIPT_NAME     \$fastcgi_script_name;
      fastcgi_param REQUEST_URI     \$request_uri;
      fastcgi_param DOCUMENT_URI    \$document_uri;
      fastcgi_param SERVER_PROTOCOL \$server_protocol;
      fastcgi_param REQUEST_SCHEME  \$scheme;
      fastcgi_param HTTPS           \$https if_not_empty;
      fastcgi_param REMOTE_ADDR     \$remote_addr;
      fastcgi_param REMOTE_PORT     \$remote_port;
      fastcgi_param SERVER_NAME     \$server_name;
      $keep_conn
      fastcgi_buffer_size 16k;
      fastcgi_buffers 8 16k;
      fastcgi_pass usergate;
    }
$extra
  }
}
EOC
	spew("$d/nginx/nginx.conf", $conf);
	$self->{pids}{nginx} = spawn("$d/nginx/out.log", {}, $NGINX, '-p',
	    "$d/nginx", '-c', "$d/nginx/nginx.conf", '-e',
	    "$d/nginx/error.log");
	wait_for('nginx', 10, sub {
		IO::Socket::INET->new(PeerAddr => '127.0.0.1',
		    PeerPort => $self->{port}) });
}

sub stop {
	my ($self) = @_;
	return if $self->{stopped}++;
	$self->halt;
	$self->check_sanitizers;
}

# halt: nginx, usergate and MariaDB, each TERMed and given time to
# finish, then KILLed with its whole process group.  Only the process
# that made the stack does it (not a child forked from a test).
sub halt {
	my ($self) = @_;
	return unless ($self->{owner} // 0) == $$;
	# Each pid is forgotten once it is reaped, so that a signal that
	# interrupts this stops what is still running.
	for my $name (qw(nginx usergate), grep { !/^(nginx|usergate)$/ }
	    keys %{ $self->{pids} }) {
		my $pid = $self->{pids}{$name} or next;
		kill 'TERM', $pid;
		my $st = reap($pid, $name eq 'usergate' ? 60 : 20);
		delete $self->{pids}{$name};
		$self->{usergate_status} = $st if $name eq 'usergate';
	}
	$self->{db}->stop if $self->{db};
}

# Every stack and database server of this process (the template's
# included), so that a test that dies or is interrupted stops them all.
our %LIVE;
sub register {
	my ($obj) = @_;
	$LIVE{refaddr $obj} = $obj;
	weaken($LIVE{refaddr $obj});
}

sub halt_all {
	my @all = grep { defined } values %LIVE;
	# Stacks first (nginx, usergate, their database), then any server
	# left on its own.
	for my $obj ((grep { $_->isa('UG') } @all),
	    (grep { !$_->isa('UG') } @all)) {
		local $@;
		eval { $obj->isa('UG') ? $obj->halt : $obj->stop };
	}
}

END {
	local $?;
	halt_all();
}

# SIGINT (Ctrl-C), SIGTERM, SIGHUP and SIGPIPE (a test's output piped to
# a reader that went away) end the test through END, which stops every
# stack; a test that set its own handler keeps it.
for my $sig (qw(INT TERM HUP PIPE)) {
	next if defined $SIG{$sig} && $SIG{$sig} ne 'DEFAULT';
	$SIG{$sig} = sub {
		$SIG{$_} = 'IGNORE' for qw(INT TERM HUP PIPE);
		my $n = { INT => 2, TERM => 15, HUP => 1, PIPE => 13 }->{$_[0]};
		print STDERR "# interrupted by SIG$_[0]: stopping the stacks\n"
		    unless $_[0] eq 'PIPE';
		halt_all();
		exit(128 + $n);
	};
}

# Any sanitizer report fails the test file that caused it.
sub check_sanitizers {
	my ($self) = @_;
	return if $self->{no_tap};
	my @logs = glob("$self->{dir}/san/*");
	Test::More::ok(!@logs, 'no sanitizer reports')
	    or Test::More::diag(join("\n", map { "$_:\n" . slurp($_) } @logs));
	$self->check_valgrind if $VALGRIND;
}

# The command that runs usergate: the binary, or valgrind running it.
sub usergate_cmd {
	my ($self) = @_;
	return ($BIN) unless $VALGRIND;
	my $vg = "$self->{dir}/vg";
	# usergate may write its log after dropping privileges.
	if (!-d $vg) {
		make_path($vg);
		chown_to($RUN_AS, $vg);
		chmod 0700, $vg;
	}
	# --vgdb=no: usergate started as root drops privileges, and could
	# not remove the gdbserver pipes valgrind made as root at its exit.
	return ($VALGRIND, '--tool=memcheck', '--quiet', '--vgdb=no',
	    '--leak-check=full', '--show-leak-kinds=definite',
	    '--errors-for-leak-kinds=definite', '--error-exitcode=99',
	    '--num-callers=30', '--child-silent-after-fork=yes',
	    "--suppressions=$STAGE/valgrind.supp", "--log-file=$vg/%p.log",
	    $BIN);
}

# Every memcheck log of this stack (server and commands) must be empty.
sub check_valgrind {
	my ($self) = @_;
	my @bad = grep { -s $_ } glob("$self->{dir}/vg/*.log");
	Test::More::ok(!@bad, 'no valgrind reports')
	    or Test::More::diag(join("\n", map { "$_:\n" . slurp($_) } @bad));
}

sub DESTROY {
	my ($self) = @_;
	local ($?, $@);
	delete $LIVE{refaddr $self};
	eval { $self->halt };
}

# --- HTTP -----------------------------------------------------------------

sub url {
	my ($self, $path) = @_;
	return "http://127.0.0.1:$self->{port}$path";
}

sub http {
	my ($self, $method, $path, %opt) = @_;
	my $ua = HTTP::Tiny->new(timeout => $opt{timeout} || 30,
	    keep_alive => 0);
	my $r = $ua->request($method, $self->url($path), {
		headers => $opt{headers} || {},
		(defined $opt{content} ? (content => $opt{content}) : ()),
	});
	return $r;
}

sub multipart {
	my ($fields, $boundary) = @_;
	$boundary //= '----ugtest' . int(rand(1e9));
	my $body = '';
	for (my $i = 0; $i < @$fields; $i += 2) {
		$body .= "--$boundary\r\nContent-Disposition: form-data; "
		    . "name=\"$fields->[$i]\"\r\n\r\n$fields->[$i + 1]\r\n";
	}
	$body .= "--$boundary--\r\n";
	return ($body, "multipart/form-data; boundary=$boundary");
}

sub urlencode {
	my ($fields) = @_;
	my @p;
	for (my $i = 0; $i < @$fields; $i += 2) {
		my ($k, $v) = @$fields[$i, $i + 1];
		for ($k, $v) {
			s/([^A-Za-z0-9_.~-])/sprintf('%%%02X', ord $1)/ge;
		}
		push @p, "$k=$v";
	}
	return join('&', @p);
}

# post($path, [fields], enc => multipart|urlencoded|json, headers => {})
sub post {
	my ($self, $path, $fields, %opt) = @_;
	my $enc = $opt{enc} || 'multipart';
	my ($body, $type);
	if ($enc eq 'multipart') {
		($body, $type) = multipart($fields);
	} elsif ($enc eq 'urlencoded') {
		($body, $type) = (urlencode($fields),
		    'application/x-www-form-urlencoded');
	} elsif ($enc eq 'json') {
		my %h = @$fields;
		($body, $type) = (JSON::PP->new->canonical->encode(\%h),
		    'application/json');
	} else {
		croak "unknown encoding $enc";
	}
	return $self->http('POST', $path, content => $body,
	    headers => { 'Content-Type' => $type, %{ $opt{headers} || {} } });
}

# Sends raw bytes to nginx and returns everything it answers.
sub raw {
	my ($self, $bytes, %opt) = @_;
	my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1',
	    PeerPort => $self->{port}, Timeout => 10) or croak "connect: $!";
	$s->autoflush(1);
	print $s $bytes;
	shutdown($s, 1) unless $opt{keep_open};
	local $/;
	my $resp = <$s>;
	close $s;
	return $resp // '';
}

# A connection to nginx with nothing sent yet, or undef (and $! set).
sub connect_raw {
	my ($self, %opt) = @_;
	return IO::Socket::INET->new(PeerAddr => '127.0.0.1',
	    PeerPort => $self->{port}, Timeout => $opt{timeout} || 10);
}

# An ordinary client alongside a test: a child process that posts
# fields to path (multipart) in a loop and counts the answers that are
# not status 200 with body expect.  finish_client stops it and returns
# (answers as expected, others, the first few others).
sub start_client {
	my ($self, %opt) = @_;
	my $n = ++$self->{nclients};
	my $out = "$self->{dir}/client-$n.out";
	my $stop = "$self->{dir}/client-$n.stop";
	my $pid = fork // croak "fork: $!";
	if ($pid == 0) {
		my ($good, $bad, @why) = (0, 0);
		until (-e $stop) {
			my $r = $self->post($opt{path}, $opt{fields});
			if ($r->{status} == 200 && $r->{content} eq $opt{expect}) {
				$good++;
			} else {
				$bad++;
				push @why, "$r->{status} $r->{content}" if @why < 5;
			}
			sleep($opt{pause} // 0.02);
		}
		spew($out, join("\n", "$good $bad", @why) . "\n");
		POSIX::_exit(0);
	}
	return { pid => $pid, out => $out, stop => $stop };
}

sub finish_client {
	my ($self, $c) = @_;
	spew($c->{stop}, '');
	waitpid($c->{pid}, 0);
	my ($head, @why) = split /\n/, slurp($c->{out});
	my ($good, $bad) = split / /, $head // '0 1';
	return ($good, $bad, @why);
}

# --- database ------------------------------------------------------------

# One value (or the first column of rows) from SQL run as root.
sub sql {
	my ($self, $q) = @_;
	return $self->{db}->sql_root($q, 'usergate');
}

package UG::DB;

use strict;
use warnings;
use Carp qw(croak);
use POSIX qw(:sys_wait_h);
use Time::HiRes qw(sleep time);

sub new {
	# client: the user usergate runs as, whose group reaches the socket.
	my ($class, $datadir, $rundir, $client) = @_;
	my $self = bless { datadir => $datadir, run => $rundir, owner => $$,
	    client => $client, sock => "$rundir/mysql/mysql.sock" }, $class;
	UG::register($self);
	return $self;
}

sub sock { $_[0]{sock} }

sub start {
	my ($self) = @_;
	return if $self->{pid};
	my $r = $self->{run};
	# The socket is in a directory only MariaDB, root and (through its
	# group) usergate's user reach: any local user who could connect
	# could make himself a super admin.
	UG::private_dir("$r/mysql", $UG::DB_USER, $self->{client});
	unlink $self->{sock};
	$self->{pid} = UG::spawn("$r/mysqld.out", {}, $UG::MARIADBD,
	    '--no-defaults', "--datadir=$self->{datadir}",
	    "--socket=$self->{sock}", '--skip-networking',
	    "--pid-file=$r/mysql/mysqld.pid", "--log-error=$r/mysql/mysqld.err",
	    "--tmpdir=$r/mysql",
	    ($UG::DB_USER ? ("--user=$UG::DB_USER") :
	    $UG::IS_ROOT ? ('--user=root') : ()),
	    '--innodb-buffer-pool-size=32M', '--skip-log-bin',
	    '--innodb-flush-log-at-trx-commit=2', '--skip-name-resolve',
	    '--max-connections=2000',
	    split(' ', $ENV{UG_MARIADB_ARGS} // ''));
	UG::wait_for('mariadb', 60, sub {
		return 0 unless -S $self->{sock};
		my $c = UG::mariadb_client();
		return system("$c --no-defaults -S $self->{sock} -uroot "
		    . "-e 'SELECT 1' >/dev/null 2>&1") == 0;
	});
}

# stop: TERM, up to 60 s to shut down, then KILL; only in the process
# that started it.
sub stop {
	my ($self) = @_;
	return unless ($self->{owner} // 0) == $$;
	my $pid = $self->{pid} or return;
	kill 'TERM', $pid;
	UG::reap($pid, 60);
	delete $self->{pid};
}

sub DESTROY {
	my ($self) = @_;
	local ($?, $@);
	delete $UG::LIVE{Scalar::Util::refaddr($self)};
	eval { $self->stop };
}

sub running { defined $_[0]{pid} }

sub sql_root {
	my ($self, $q, $dbname) = @_;
	my $c = UG::mariadb_client();
	my $file = "$self->{run}/query.sql";
	UG::spew($file, $q);
	my $cmd = "$c --no-defaults -S $self->{sock} -uroot -N -B "
	    . ($dbname // '') . " <$file 2>&1";
	my $out = `$cmd`;
	croak "sql failed: $q: $out" if $? != 0;
	chomp $out;
	return $out;
}

1;
