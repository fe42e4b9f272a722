# usergate import is resumable: killed in the middle, the batches it
# committed stay, and running the same file again skips exactly those
# users (same name, same legacy hash) and writes the rest.  A low
# password_cost (yescrypt 1) keeps the run short on a small machine.
use strict;
use warnings;
use Test::More;
use lib 't/lib';
use UG;
use Digest::MD5 qw(md5_hex);
use POSIX qw(:sys_wait_h);
use Time::HiRes qw(sleep time);

my $ug = UG->new(conf => { password_cost => 1 })->start(how => 'spawn');
$ug->add_user('root', 'rootpw', 'admin');
my $dir = $ug->dir;
my $n = 4000;
my $file = "$dir/resume.tsv";
UG::spew($file, "username\tpassword\tAuthority\n"
    . join('', map { "r$_\t" . md5_hex("pw$_") . "\tN\n" } 1 .. $n));
sub imported { $ug->sql("SELECT COUNT(*) FROM users WHERE username REGEXP '^r[0-9]+\$'") }

# One worker and small batches, so that there is a middle to kill it in.
my $pid = fork // die "fork: $!";
if ($pid == 0) {
	%ENV = (%ENV, %{ $ug->env });
	open STDOUT, '>', "$dir/killed.out";
	open STDERR, '>&', \*STDOUT;
	exec($ug->usergate_cmd, 'import', '--from', 'loginphp', '--batch', '25',
	    '--threads', '1', $file) or exit 127;
}
my $end = time + 120;
sleep 0.05 while imported() < 100 && time < $end && !waitpid($pid, WNOHANG);
kill 'KILL', $pid;
waitpid($pid, 0);
my $done = imported();
cmp_ok($done, '>=', 100, "killed after some batches ($done users)");
cmp_ok($done, '<', $n, 'and before the end');
is($done % 25, 0, 'only whole batches were committed');

my ($rc, $out) = $ug->cli(undef, 'import', '--from', 'loginphp', $file);
is($rc, 0, 'the same import again: exit 0') or diag $out;
like($out, qr/already imported: $done\b/, "skips the $done users already imported");
like($out, qr/imported: @{[ $n - $done ]} /, 'and imports the rest');
is(imported(), $n, "all $n users are there, once each");
like($ug->post('/login.php?mode=2', [username => 'r1', password => 'pw1'])
    ->{content}, qr/^\{"state":"1"/, 'one from before the kill logs in');
like($ug->post('/login.php?mode=2', [username => "r$n", password => "pw$n"])
    ->{content}, qr/^\{"state":"1"/, 'one from after it too');

$ug->stop;
done_testing;
