# A FastCGI peer that connects and then stalls (only nginx should reach
# the socket, but a stuck or buggy one must not hold a worker forever):
# a silent connection holds no worker at all, a half-sent record holds one
# until peer_timeout, and SIGTERM is not held up.
use strict;
use warnings;
use Test::More;
use IO::Socket::UNIX;
use Time::HiRes qw(time);
use lib 't/lib';
use UG;

my $ug = UG->new(conf => { threads => 1, peer_timeout => 2 })
    ->start(how => 'spawn');
my $sock = $ug->dir . '/usergate.sock';

# A connection that never sends a byte waits in the epoll set and holds
# no worker: the only worker answers nginx at once.
my $stuck = IO::Socket::UNIX->new(Peer => $sock) or die "connect: $!";
my $t0 = time;
my $r = $ug->post('/login.php?mode=0', [openid => 'x', wechat_name => 'y']);
is($r->{content}, '0', 'an ordinary request is answered');
my $took = time - $t0;
ok($took < 1.5, sprintf('beside a silent connection, at once (%.1f s)', $took));

# A peer that stops half-way through a record holds the only worker
# until peer_timeout, and no longer.
my $half = IO::Socket::UNIX->new(Peer => $sock) or die "connect: $!";
print $half "\x01\x01\x00\x01\x00\x08";	# a BEGIN_REQUEST header, no body
select(undef, undef, undef, 0.3);
$t0 = time;
$r = $ug->post('/login.php?mode=0', [openid => 'x', wechat_name => 'y']);
is($r->{content}, '0', 'and again after a half-sent record');
$took = time - $t0;
ok($took >= 1 && $took < 10, sprintf('once the stalled peer timed out (%.1f s)', $took));

# SIGTERM while a worker waits on a stalled peer still ends promptly.
my $again = IO::Socket::UNIX->new(Peer => $sock) or die "connect: $!";
print $again "\x01\x01\x00\x01\x00\x08";
select(undef, undef, undef, 0.3);
my $t1 = time;
$ug->stop_usergate('TERM');
ok(time - $t1 < 10, sprintf('SIGTERM is not held up (%.1f s)', time - $t1));
is($ug->{usergate_status}, 0, 'usergate exited 0');
close $_ for $stuck, $half, $again;

$ug->stop;
done_testing;
