# SIGTERM with requests in flight: each started request is answered,
# then the process exits 0.
use strict;
use warnings;
use Test::More;
use IO::Socket::INET;
use POSIX ();
use Time::HiRes qw(sleep time);
use lib 't/lib';
use UG;

# Slow, serialised hashing keeps several requests in flight at once.
my $ug = UG->new(conf => { password_scheme => 'bcrypt', password_cost => 12,
    hash_concurrency => 1, threads => 4 })->start(how => 'spawn');
$ug->add_user('sam', 'sampw', 'user');

my @socks;
my $body = UG::urlencode([username => 'sam', password => 'sampw']);
for (1 .. 4) {
	my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1',
	    PeerPort => $ug->port) or die "connect: $!";
	print $s "POST /login.php?mode=2 HTTP/1.0\r\nHost: x\r\n"
	    . "Content-Type: application/x-www-form-urlencoded\r\n"
	    . "Content-Length: " . length($body) . "\r\nConnection: close\r\n\r\n"
	    . $body;
	push @socks, $s;
}
sleep 0.4;
my $pid = $ug->usergate_pid;
kill 'TERM', $pid;
my $t0 = time;
my $answered = 0;
for my $s (@socks) {
	local $/;
	my $resp = <$s> // '';
	$answered++ if $resp =~ m{^HTTP/1\.1 200 } && $resp =~ /\r\n\r\n\{"state":"1"\}$/;
	diag($resp) unless $resp =~ /"state":"1"/;
}
is($answered, 4, 'every request in flight was answered');
my $took = $ug->stop_usergate('TERM');	# already signalled; reaps it
is($ug->{usergate_status}, 0, 'usergate exited with status 0');
ok(time - $t0 < 20, 'and did so promptly');
like(UG::slurp($ug->dir . '/usergate.log'), qr/finishing requests in flight.*stopped/s,
    'the log says so');

$ug->stop;

# Requests accepted but not yet started when SIGTERM comes (review D10):
# one worker, six logins at once; the five waiting behind the first sit
# in the epoll set (or, with a connection per request, may still be in
# the listen backlog).  Every one is answered before the exit, with
# kept connections and without.
for my $keep (0, 1) {
	my $ug = UG->new(conf => { threads => 1, hash_concurrency => 1,
	    password_cost => 9 }, quiet => 1, keep_conn => $keep,
	    nginx_workers => 1)->start(how => 'spawn');
	$ug->add_user('root', 'rootpw', 'admin');
	# Warm up: with keep_conn, nginx now holds an idle connection.
	$ug->post('/login.php?mode=0', [openid => 'x', wechat_name => 'y'])
	    for 1 .. 3;
	pipe(my $rd, my $wr) or die "pipe: $!";
	my @kids;
	for (1 .. 6) {
		my $pid = fork // die "fork: $!";
		if ($pid == 0) {
			close $rd;
			my $r = $ug->post('/login.php?mode=2',
			    [username => 'root', password => 'rootpw']);
			syswrite($wr, ($r->{status} == 200 &&
			    $r->{content} =~ /"state":"1"/ ? 'ok' :
			    "$r->{status}") . "\n");
			POSIX::_exit(0);
		}
		push @kids, $pid;
	}
	close $wr;
	sleep 0.3;
	$ug->stop_usergate('TERM');
	waitpid($_, 0) for @kids;
	my @got = map { chomp; $_ } <$rd>;
	is(join(' ', sort @got), join(' ', ('ok') x 6),
	    "keep_conn=$keep: all six logins answered 200 across SIGTERM");
	is($ug->{usergate_status}, 0, "keep_conn=$keep: usergate exited 0");
	unlike(UG::slurp($ug->dir . '/nginx/error.log'),
	    qr/reset by peer|prematurely closed|refused/,
	    "keep_conn=$keep: nginx saw no failed upstream");
	# Usually some were still in the listen backlog (taken at the stop).
	note($1) if UG::slurp($ug->dir . '/usergate.log') =~ /(took \d+ queued.*)/;
	$ug->stop;
}
done_testing;
