# A 10,000-row import without a terminal: it logs its progress every few
# seconds and finishes with its summary.  A low password_cost (yescrypt
# 1) keeps it short: the point is the run, not the hash.
use strict;
use warnings;
use Test::More;
use lib 't/lib';
use UG;
use Digest::MD5 qw(md5_hex);

my $ug = UG->new(conf => { password_cost => 1 })->start(how => 'spawn');
my $dir = $ug->dir;
my $n = 10000;
UG::spew("$dir/10k.csv", "id,username,password,role_id\n"
    . join('', map { "$_,u$_," . md5_hex("pw$_") . ",10\n" } 1 .. $n));
my ($rc, $out) = $ug->cli(undef, 'import', '--from', 'adminsys',
    "$dir/10k.csv");
is($rc, 0, '10,000 rows: exit 0') or diag $out;
my @lines = $out =~ m{^import: (\d+)/$n rows, \d+ rows/s, about \d+ s left$}mg;
cmp_ok(scalar(@lines), '>=', 2, 'progress lines without a terminal: '
    . scalar(@lines)) or diag $out;
is($lines[-1], $n, 'the last one at the end');
my @sorted = sort { $a <=> $b } @lines;
is("@lines", "@sorted", 'counting up');
like($out, qr/imported: $n \(kept as they were: 0, wrapped: $n -- md5 $n\)/,
    'the summary');
is($ug->sql("SELECT COUNT(*) FROM users WHERE password_hash LIKE "
    . "'\$ugwrap\$md5\$\$y\$%'"), $n, 'every one wrapped');
like($ug->post('/login.php?mode=2', [username => 'u9999', password => 'pw9999'])
    ->{content}, qr/^\{"state":"1"/, 'and one of them logs in');

$ug->stop;
done_testing;
