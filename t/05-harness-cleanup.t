# The harness leaves nothing behind: a test that dies, or is interrupted
# (Ctrl-C, SIGTERM), while its stack runs stops its mariadbd, nginx (with
# its workers) and usergate, and removes the stack's directory; a child
# forked from a test that ends does not stop its parent's stack.
use strict;
use warnings;
use Test::More;
use POSIX qw(:sys_wait_h);
use Time::HiRes qw(sleep time);
use lib 't/lib';
use UG;

# alive(PID): the process exists and is not a zombie.
sub alive {
	my ($pid) = @_;
	my $st = UG::slurp("/proc/$pid/stat") or return 0;
	return ($st =~ /\)\s+(\S)/)[0] ne 'Z';
}

# Every live process whose command line, working directory or open files
# name DIR.
sub procs_of {
	my ($dir) = @_;
	my @p;
	for my $pid (map { m{^/proc/(\d+)$} ? $1 : () } glob('/proc/[0-9]*')) {
		next if $pid == $$ || !alive($pid);
		my $cmd = UG::slurp("/proc/$pid/cmdline");
		my @links = grep { defined } map { readlink }
		    ("/proc/$pid/cwd", glob("/proc/$pid/fd/*"));
		push @p, "$pid " . ($cmd =~ tr/\0/ /r)
		    if index($cmd, $dir) >= 0 || grep { index($_, $dir) == 0 } @links;
	}
	return @p;
}

# The test inside a child perl: a whole stack, then the end MODE says.
my $child = <<'EOP';
use strict;
use warnings;
use UG;
my ($mode, $go) = @ARGV;
my $ug = UG->new(nginx_workers => 2, no_tap => 1)->start(how => 'spawn');
$ug->add_user('root', 'rootpw', 'admin');
my $ngx = $ug->{pids}{nginx};
my $workers = UG::slurp("/proc/$ngx/task/$ngx/children");
# A child forked from the test that ends the ordinary way (END blocks,
# destructors) leaves the stack alone.
my $pid = fork // die "fork: $!";
exit 0 if $pid == 0;
waitpid($pid, 0);
my $r = $ug->post('/login.php?mode=2', [username => 'root', password => 'rootpw']);
print "alive $r->{content}\n";
print "dir ", $ug->dir, "\nstage $UG::STAGE\n";
print "pids $ngx $workers $ug->{pids}{usergate} $ug->{db}{pid}\n";
STDOUT->flush;
# Ends once the parent has looked at the processes.
sleep 0.05 until -e $go;
die "a test that dies mid-way\n" if $mode eq 'die';
sleep 120;
EOP

my $tmp = File::Temp::tempdir(CLEANUP => 1);
for my $how (qw(die INT TERM)) {
	my $go = "$tmp/go-$how";
	my $pid = open(my $fh, '-|') // die "fork: $!";
	if ($pid == 0) {
		open STDERR, '>', '/dev/null';
		exec($^X, '-I', $INC[0] =~ s{/$}{}r, '-e', $child, $how, $go)
		    or POSIX::_exit(127);
	}
	my %got;
	while (my $line = <$fh>) {
		chomp $line;
		my ($k, $v) = split / /, $line, 2;
		$got{$k} = $v;
		last if $k eq 'pids';
	}
	like($got{alive} // '', qr/"state":"1"/,
	    "$how: the stack served, and a forked child's end left it alone");
	my @pids = split ' ', $got{pids} // '';
	ok(@pids >= 5, "$how: nginx, its 2 workers, usergate and mariadbd ran (@pids)");
	ok(!grep({ !alive($_) } @pids), "$how: all of them were alive");
	UG::spew($go, '');
	sleep 0.5;
	kill $how, $pid unless $how eq 'die';
	my $end = time + 90;
	while (waitpid($pid, WNOHANG) == 0 && time < $end) {
		sleep 0.05;
	}
	isnt($?, 0, "$how: the test ended as a failure");
	close $fh;
	# Orphans (if there were any) are reaped by init in a moment.
	$end = time + 5;
	sleep 0.1 while grep({ alive($_) } @pids) && time < $end;
	my @left = grep { alive($_) } @pids;
	ok(!@left, "$how: none of its processes is left") or diag("left: @left");
	my @named = $got{dir} ? procs_of($got{dir}) : ('no dir');
	ok(!@named, "$how: no process of the stack directory is left")
	    or diag(join("\n", @named));
	ok($got{dir} && !-e $got{dir}, "$how: the stack directory is gone");
	ok($got{stage} && !-e $got{stage}, "$how: the staged binary is gone");
	kill 'KILL', $_, -$_ for @left;
}

done_testing;
