# Hostile clients through nginx: headers at nginx's limits, bodies whose
# length lies, clients that vanish mid-body and mid-response, a thousand
# connections that send nothing, and requests with every field repeated.
# Each is answered or dropped cleanly, and an ordinary client posting
# lookups alongside the whole time gets every answer right.
use strict;
use warnings;
use Test::More;
use lib 't/lib';
use UG;
use IO::Socket::INET;
use Socket qw(SOL_SOCKET SO_LINGER);
use Time::HiRes qw(sleep time);

# A thousand idle connections need as many descriptors here and in nginx
# (which inherits our limits).  Perl has no setrlimit, so raise the soft
# limit through the shell and start again; with a hard limit too low,
# use what there is (and say so).
my $IDLE = 1000;
{
	chomp(my $soft = `sh -c 'ulimit -n'`);
	chomp(my $hard = `sh -c 'ulimit -Hn'`);
	my $want = $IDLE + 200;
	if ($soft ne 'unlimited' && $soft < $want && !$ENV{UG_NOFILE_RAISED}) {
		my $to = ($hard eq 'unlimited' || $hard >= $want) ? $want : $hard;
		$ENV{UG_NOFILE_RAISED} = 1;
		exec('/bin/sh', '-c', 'ulimit -n "$0" && exec "$@"', $to, $^X,
		    (map { "-I$_" } grep { !ref } @INC), $0);
		die "exec: $!";
	}
	if ($soft ne 'unlimited' && $soft < $want) {
		$IDLE = $soft - 200;
		diag("descriptor limit $soft: $IDLE idle connections, not 1000");
	}
}

my $t0 = time;
my $ug = UG->new->start(how => 'spawn');
$ug->add_user('root', 'rootpw', 'admin');
is($ug->post('/login.php?mode=1', [username => 'root', password => 'rootpw',
    openid => 'oid-root'])->{content}, '1', 'an openid to look up');
my $pid = $ug->usergate_pid;

# Enough users that a list answer is a long stream (about 1.5 MB).
$ug->sql("INSERT INTO users (username, password_hash, role_id, wechat_name) "
    . "SELECT CONCAT('bulk', seq), 'x', 10, REPEAT('w', 48) "
    . "FROM seq_1_to_20000");
my $token = ($ug->post('/login.php?mode=2',
    [username => 'root', password => 'rootpw'])->{content}
    =~ /"token":"([0-9a-f]{32})"/)[0];
ok($token, 'admin token');

my $lookup = [openid => 'oid-root', wechat_name => 'w'];
my $client = $ug->start_client(path => '/login.php?mode=0',
    fields => $lookup, expect => '1');

# Sends raw bytes; returns (status or 0, body, whole answer).
sub exchange {
	my ($bytes, %opt) = @_;
	# Not half-closed: nginx takes a FIN as the client gone.
	my $resp = $ug->raw($bytes, keep_open => 1, %opt);
	my ($status) = $resp =~ m{^HTTP/1\.[01] (\d{3})};
	my ($head, $body) = $resp =~ /\A(.*?)\r\n\r\n(.*)\z/s;
	if (defined $head && $head =~ /^Transfer-Encoding: chunked\r?$/mi) {
		my $raw = $body;
		$body = '';
		while ($raw =~ s/\A([0-9a-fA-F]+)\r\n//) {
			my $n = hex $1;
			last if $n == 0;
			$body .= substr($raw, 0, $n, '');
			$raw =~ s/\A\r\n//;
		}
	}
	return ($status // 0, $body // '', $resp);
}

sub mp_request {
	my ($target, $fields, %opt) = @_;
	my ($body, $type) = UG::multipart($fields);
	my $extra = join('', map { "$_\r\n" } @{ $opt{headers} || [] });
	return "POST $target HTTP/1.1\r\nHost: t\r\nConnection: close\r\n"
	    . "Content-Type: $type\r\nContent-Length: " . length($body)
	    . "\r\n$extra\r\n$body";
}

# --- headers at nginx's limits (large_client_header_buffers 4 8k) ---------

{
	my $pad = 'p' x 8000;
	my ($st, $body) = exchange(mp_request('/login.php?mode=0', $lookup,
	    headers => ["Cookie: a=$pad"]));
	is("$st $body", '200 1', 'a header line just under 8k reaches usergate');

	# Four 8k buffers, each holding whole lines: three big lines, and
	# a fourth buffer of smaller ones.
	my $big = 'p' x 7000;
	($st, $body) = exchange(mp_request('/login.php?mode=0', $lookup,
	    headers => ["X-Pad-1: $big", "X-Pad-2: $big", "X-Pad-3: $big",
	    'Cookie: usergate_session=' . ('c' x 2000),
	    'Authorization: Bearer ' . ('t' x 2000),
	    map { "X-Many-$_: " . ('m' x 40) } 1 .. 40]));
	is("$st $body", '200 1', 'about 27k of headers reach usergate');

	($st, $body) = exchange(mp_request('/login.php?mode=3&operating=1',
	    [token => 'x'], headers => ['Authorization: Bearer ' . ('a' x 8100)]));
	is("$st $body", '200 {"0"}', 'an 8k Authorization token is refused as a token');

	($st) = exchange(mp_request('/login.php?mode=0', $lookup,
	    headers => ['X-Big: ' . ('b' x 9000)]));
	is($st, 400, 'a header line over 8k: nginx answers 400');

	($st) = exchange(mp_request('/login.php?mode=0', $lookup,
	    headers => [map { "X-Pad-$_: $pad" } 1 .. 5]));
	is($st, 400, 'over 32k of headers: nginx answers 400');

	($st, $body) = exchange(mp_request('/login.php?mode=0&pad='
	    . ('q' x 7900), $lookup));
	is("$st $body", '200 1', 'a request line just under 8k reaches usergate');

	($st) = exchange(mp_request('/login.php?mode=0&pad=' . ('q' x 9000),
	    $lookup));
	is($st, 414, 'a request line over 8k: nginx answers 414');
}

# --- bodies whose length lies ------------------------------------------------

{
	my ($body, $type) = UG::multipart($lookup);
	my $head = "POST /login.php?mode=0 HTTP/1.1\r\nHost: t\r\n"
	    . "Content-Type: $type\r\nConnection: close\r\n";

	my ($st, $b) = exchange($head . 'Content-Length: ' . (length($body) + 100)
	    . "\r\n\r\n$body", keep_open => 0);
	ok($st == 0 || $st == 400, 'claims more than it sends, then closes: '
	    . 'dropped or 400 from nginx') or diag("status $st");

	($st, $b) = exchange($head . 'Content-Length: ' . (length($body) - 10)
	    . "\r\n\r\n$body");
	is("$st $b", '200 0', 'claims less than it sends: usergate reads what '
	    . 'was claimed (a truncated body) and fails it');

	my $url = 'openid=oid-root&wechat_name=w';
	($st, $b) = exchange("POST /login.php?mode=0 HTTP/1.1\r\nHost: t\r\n"
	    . "Content-Type: application/x-www-form-urlencoded\r\n"
	    . "Content-Length: 5\r\nContent-Length: 5\r\nConnection: close\r\n\r\n$url");
	is($st, 400, 'two Content-Length headers: nginx answers 400');

	($st) = exchange("POST /login.php?mode=0 HTTP/1.1\r\nHost: t\r\n"
	    . "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n"
	    . "Connection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
	is($st, 400, 'Content-Length and chunked together: nginx answers 400');

	($st, $b) = exchange("POST /login.php?mode=0 HTTP/1.1\r\nHost: t\r\n"
	    . "Content-Type: application/x-www-form-urlencoded\r\n"
	    . "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
	    . sprintf('%x', length $url) . "\r\n$url\r\n0\r\n\r\n");
	ok($st == 200 && ($b eq '1' || $b eq '0'),
	    'a chunked body is answered') or diag("$st $b");

	($st) = exchange("POST /login.php?mode=0 HTTP/1.1\r\nHost: t\r\n"
	    . "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
	    . "64\r\nshort\r\n", keep_open => 0);
	ok($st == 0 || $st == 400, 'a chunk that claims more than it sends: '
	    . 'dropped or 400') or diag("status $st");

	($st) = exchange($head . "Content-Length: -1\r\n\r\n$body");
	is($st, 400, 'a negative Content-Length: nginx answers 400');

	($st) = exchange($head . "Content-Length: 5000000\r\n\r\n$body");
	is($st, 413, 'a Content-Length over client_max_body_size: 413');
}

# --- clients that go away --------------------------------------------------

# Closes a socket with a reset rather than a FIN.
sub reset_close {
	my ($s) = @_;
	setsockopt($s, SOL_SOCKET, SO_LINGER, pack('ii', 1, 0));
	close $s;
}

{
	my ($body, $type) = UG::multipart($lookup);
	for my $how (qw(close reset)) {
		for my $i (1 .. 10) {
			my $s = $ug->connect_raw or die "connect: $!";
			$s->autoflush(1);
			print $s "POST /login.php?mode=0 HTTP/1.1\r\nHost: t\r\n"
			    . "Content-Type: $type\r\nContent-Length: "
			    . length($body) . "\r\n\r\n"
			    . substr($body, 0, int(length($body) * $i / 11));
			sleep 0.01;
			$how eq 'reset' ? reset_close($s) : close($s);
		}
	}
	ok(1, 'twenty clients gone mid-body (FIN and RST)');

	# Mid-response: ask for the whole list (a long stream) and vanish
	# after reading some of it, or none, or at once.
	my $list = mp_request('/login.php?mode=3&operating=1', [token => $token]);
	for my $i (0 .. 11) {
		my $s = $ug->connect_raw or die "connect: $!";
		$s->autoflush(1);
		print $s $list;
		if ($i % 3 == 1) {
			my $buf;
			sysread($s, $buf, 4096 * $i);
		} elsif ($i % 3 == 2) {
			sleep 0.05 * $i;
		}
		$i % 2 ? reset_close($s) : close($s);
	}
	ok(1, 'twelve clients gone mid-response');
	my $r = $ug->post('/login.php?mode=3&operating=1', [token => $token]);
	my $users = eval { JSON::PP::decode_json($r->{content})->{users} };
	is(ref $users eq 'ARRAY' ? scalar @$users : -1, 20001,
	    'a client that stays gets the whole list');
}

# --- a thousand connections that send nothing --------------------------------

{
	my @idle;
	for (1 .. $IDLE) {
		my $s = $ug->connect_raw or last;
		push @idle, $s;
	}
	is(scalar @idle, $IDLE, "$IDLE idle connections open");
	# A few of them send half a request line and stop.
	print { $idle[$_] } "POST /login.php?mo" for grep { $_ % 100 == 0 }
	    0 .. $#idle;
	my $ok = 0;
	for (1 .. 20) {
		$ok++ if $ug->post('/login.php?mode=0', $lookup)->{content} eq '1';
	}
	is($ok, 20, 'with them all open, requests are answered');
	is($ug->http('GET', '/healthz')->{content}, "ok\n", 'healthz too');
	close $_ for @idle;
}

# --- every field repeated ----------------------------------------------------

{
	my ($st, $b) = exchange(mp_request('/login.php?mode=0&mode=0',
	    [@$lookup, @$lookup], headers => ['Cookie: a=1', 'Cookie: a=1',
	    'X-Forwarded-For: 1.2.3.4', 'X-Forwarded-For: 1.2.3.4']));
	is("$st $b", '200 0', 'query, body and headers all repeated: 0');

	($st) = exchange(mp_request('/login.php?mode=3&operating=1',
	    [token => $token], headers => ["Authorization: Bearer $token",
	    "Authorization: Bearer $token"]));
	is($st, 400, 'two Authorization headers: nginx answers 400');

	($st, $b) = exchange(mp_request('/login.php?mode=2',
	    [username => 'root', username => 'root', password => 'rootpw',
	    password => 'rootpw']));
	is("$st $b", '200 {"state":"0"}', 'a login with its fields repeated fails');

	my $json = '{"username":"root","username":"root","password":"rootpw",'
	    . '"password":"rootpw"}';
	($st, $b) = exchange("POST /login.php?mode=2 HTTP/1.1\r\nHost: t\r\n"
	    . "Content-Type: application/json\r\nConnection: close\r\n"
	    . 'Content-Length: ' . length($json) . "\r\n\r\n$json");
	is("$st $b", '200 {"state":"0"}', 'JSON with its keys repeated fails');

	($st, $b) = exchange(mp_request('/login.php?mode=3&operating=2&mode=3'
	    . '&operating=2', [username => 'dup', password => 'x', Authority => 'N',
	    token => $token, username => 'dup', password => 'x', Authority => 'N',
	    token => $token]));
	is("$st $b", '200 0', 'an admin request with everything repeated: 0');
	is($ug->sql(q{SELECT COUNT(*) FROM users WHERE username = 'dup'}), 0,
	    'and nothing was written');

	($st) = exchange("POST /login.php?mode=0 HTTP/1.1\r\nHost: t\r\n"
	    . "Host: t\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
	is($st, 400, 'two Host headers: nginx answers 400');

	my ($body, $type) = UG::multipart($lookup);
	($st, $b) = exchange("POST /login.php?mode=0 HTTP/1.1\r\nHost: t\r\n"
	    . "Content-Type: $type\r\nContent-Type: text/plain\r\n"
	    . 'Content-Length: ' . length($body) . "\r\nConnection: close\r\n\r\n$body");
	ok($st == 200 && ($b eq '1' || $b eq '0') || $st == 400,
	    'two Content-Types are answered') or diag("$st $b");
}

# --- the ordinary client, and usergate ------------------------------------

my ($good, $bad, @why) = $ug->finish_client($client);
cmp_ok($good, '>', 10, "the ordinary client was answered ($good lookups)");
is($bad, 0, 'and every answer was right') or diag(join("\n", @why));
ok(kill(0, $pid), 'usergate is still the same process');
is($ug->post('/login.php?mode=0', $lookup)->{content}, '1', 'and still serving');
unlike(UG::slurp($ug->dir . '/nginx/error.log'),
    qr/upstream prematurely closed|upstream sent|upstream timed out|
       connect\(\)\ to\ .*\ failed|while\ reading\ response\ header/x,
    'usergate never dropped nginx mid-answer');
$ug->stop;
is($ug->{usergate_status}, 0, 'usergate stopped cleanly');
diag(sprintf('%.1f s', time - $t0)) if $ENV{UG_TIMING};
done_testing;
