# Connections nginx keeps (fastcgi_keep_conn): several requests in turn
# on one connection; an idle kept connection holds no worker; the peer's
# choice not to keep is honoured; SIGTERM does not wait for idle ones.
# Spoken as raw FastCGI to usergate's socket, the way nginx speaks it.
use strict;
use warnings;
use Test::More;
use IO::Socket::UNIX;
use IO::Select;
use Time::HiRes qw(time);
use lib 't/lib';
use UG;

my $ug = UG->new(conf => { threads => 1, peer_timeout => 20 })
    ->start(how => 'spawn');
$ug->add_user('root', 'rootpw', 'admin');
my $sock = $ug->dir . '/usergate.sock';

sub record {
	my ($type, $content) = @_;
	return pack('CCnnCx', 1, $type, 1, length $content, 0) . $content;
}

sub nv {
	my ($k, $v) = @_;
	return pack('CC', length $k, length $v) . $k . $v;
}

# One request; $keep sets FCGI_KEEP_CONN in the begin record.
sub request {
	my ($c, $keep, $uri, $body) = @_;
	$body //= '';
	my ($path, $query) = split /\?/, $uri, 2;
	my %p = (REQUEST_METHOD => length $body ? 'POST' : 'GET',
	    SCRIPT_NAME => $path, DOCUMENT_URI => $path, REQUEST_URI => $uri,
	    QUERY_STRING => $query // '', REMOTE_ADDR => '127.0.0.1',
	    SERVER_PROTOCOL => 'HTTP/1.1', CONTENT_LENGTH => length $body,
	    CONTENT_TYPE => 'application/x-www-form-urlencoded');
	my $params = join '', map { nv($_, $p{$_}) } sort keys %p;
	print $c record(1, pack('nCx5', 1, $keep ? 1 : 0))
	    . record(4, $params) . record(4, '')
	    . (length $body ? record(5, $body) : '') . record(5, '');
}

# Reads records up to END_REQUEST; returns the stdout, or undef on EOF.
sub response {
	my ($c) = @_;
	my $out = '';
	for (;;) {
		my $h = '';
		return undef unless read($c, $h, 8) == 8;
		my ($v, $type, $id, $len, $pad) = unpack('CCnnC', $h);
		my $data = '';
		read($c, $data, $len + $pad) == $len + $pad or return undef;
		$out .= substr($data, 0, $len) if $type == 6;
		return $out if $type == 3;
	}
}

sub body { my ($r) = @_; return defined $r ? (split /\r\n\r\n/, $r, 2)[1] : undef }

# Reads records up to END_REQUEST: [type, content] each, or undef on EOF.
sub records {
	my ($c) = @_;
	my @r;
	for (;;) {
		my ($h, $data) = ('', '');
		return undef unless read($c, $h, 8) == 8;
		my ($v, $type, $id, $len, $pad) = unpack('CCnnC', $h);
		read($c, $data, $len + $pad) == $len + $pad or return undef;
		push @r, [$type, substr($data, 0, $len)];
		return \@r if $type == 3;
	}
}

my $c = IO::Socket::UNIX->new(Peer => $sock) or die "connect: $!";
request($c, 1, '/healthz');
is(body(response($c)), "ok\n", 'a first request on a kept connection');
request($c, 1, '/login.php?mode=2', 'username=root&password=rootpw');
like(body(response($c)), qr/^\{"state":"1","token":"[0-9a-f]{32}"\}$/,
    'a second one, with a body, on the same connection');
request($c, 1, '/login.php?mode=9');
is(body(response($c)), '0', 'and a third');

# A long answer (a list of 400 users, over libfcgi's 8 KiB stream
# buffer) ends as a short one does: its stdout, the empty stdout record,
# END_REQUEST with status 0 (request complete), and the connection goes
# on with the next request.
$ug->sql("INSERT INTO users (username, password_hash, role_id) "
    . "SELECT CONCAT('keep', seq), 'x', 10 FROM seq_1_to_400");
request($c, 1, '/login.php?mode=2', 'username=root&password=rootpw');
my ($token) = body(response($c)) =~ /"token":"(\w{32})"/;
request($c, 1, '/login.php?mode=3&operating=1', "token=$token");
my $recs = records($c);
my @types = map { $_->[0] } @$recs;
is_deeply([@types[-2, -1]], [6, 3], 'a long answer: its stdout, then the end');
is($recs->[-2][1], '', 'the end of stdout is an empty record');
is($recs->[-1][1], "\0" x 8, 'END_REQUEST: status 0, request complete');
ok(!grep({ $_ != 6 } @types[0 .. $#types - 1]), 'stdout records only before');
my $out = join '', map { $_->[1] } grep { $_->[0] == 6 } @$recs;
my ($head, $list) = split /\r\n\r\n/, $out, 2;
my ($clen) = $head =~ /^Content-Length: (\d+)\r?$/mi;
ok(length $list > 16384, sprintf('the answer is long (%d bytes)', length $list));
is($clen, length $list, 'and as long as its Content-Length');
is(scalar(() = $list =~ /"username":"keep\d+"/g), 400, 'every user in it');
request($c, 1, '/healthz');
is(body(response($c)), "ok\n", 'the kept connection serves on after it');

# The only worker is free while the kept connection idles.
my $t0 = time;
is($ug->http('GET', '/healthz')->{content}, "ok\n",
    'nginx is answered while a kept connection idles');
ok(time - $t0 < 5, 'at once, not after peer_timeout');
my $d = IO::Socket::UNIX->new(Peer => $sock) or die "connect: $!";
request($d, 1, '/healthz');
is(body(response($d)), "ok\n", 'a second kept connection is served too');
request($c, 1, '/healthz');
is(body(response($c)), "ok\n", 'and the first one still is');

# Without FCGI_KEEP_CONN the connection ends with the request.
request($c, 0, '/healthz');
is(body(response($c)), "ok\n", 'a last request, not kept');
ok(IO::Select->new($c)->can_read(5) && !defined response($c),
    'usergate then closes the connection');
close $c;

# A peer that hangs up between requests costs nothing.
my $e = IO::Socket::UNIX->new(Peer => $sock) or die "connect: $!";
request($e, 1, '/healthz');
response($e);
close $e;
is($ug->http('GET', '/healthz')->{content}, "ok\n",
    'serving after a kept connection hung up');

# SIGTERM does not wait for an idle kept connection, and closes it.
my $t1 = time;
$ug->stop_usergate('TERM');
ok(time - $t1 < 5, sprintf('SIGTERM is not held up (%.1f s)', time - $t1));
is($ug->{usergate_status}, 0, 'usergate exited 0');
ok(IO::Select->new($d)->can_read(5) && !defined response($d),
    'the idle kept connection was closed');
close $d;

$ug->stop;
done_testing;
