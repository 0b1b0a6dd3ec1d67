# Loads the benchmark's plan into a fresh Redmine instance (run by bench/peer/redmine.py with
# `rails runner`, after `rake db:migrate` and `rake redmine:load_default_data`):
#
#     rails runner load.rb ISSUES.json KEY_FILE
#
# ISSUES.json is the plan as bench/peer/redmine.py reads it from bench/generate.py's output:
# {"groups": [{"code", "name"}], "issues": [{"id", "group", "subject", "start", "due", "closedOn"}]}.
# One public project per group (identifier = the group's code), one issue per milestone with the
# same due date, in the first status that closes an issue ("Closed") when the milestone is done
# and in the tracker's default status ("New") otherwise. The issues go in with one multi-row
# INSERT per thousand (insert_all: no callbacks, so the nested-set columns are set here); the
# projects, the REST API setting and the admin's API key go through the models. Writes the key
# into KEY_FILE and prints the ids of the statuses used, as JSON, on its last line.
require 'json'

plan = JSON.parse(File.read(ARGV[0]))
key_file = ARGV[1]

admin = User.find_by_login('admin')
# The admin Redmine's migration makes must change its password at its first sign-in; API calls
# never sign in, but say it is done so that nothing asks.
admin.update_columns(must_change_passwd: false)
Setting.rest_api_enabled = '1'
token = Token.create!(user: admin, action: 'api')

tracker = Tracker.find_by(name: 'Feature') || Tracker.sorted.first
open_status = tracker.default_status
closed_status = IssueStatus.where(is_closed: true).sorted.first
priority = IssuePriority.default || IssuePriority.active.first

projects = {}
plan['groups'].each do |group|
  project = Project.new(name: group['name'], identifier: group['code'], is_public: true)
  project.trackers = Tracker.sorted.to_a
  project.save!
  projects[group['code']] = project.id
end

now = Time.now
plan['issues'].each_slice(1000) do |slice|
  rows = slice.map do |issue|
    closed_on = issue['closedOn'] && Time.parse(issue['closedOn'] + 'T12:00:00')
    {
      id: issue['id'], tracker_id: tracker.id, project_id: projects.fetch(issue['group']),
      subject: issue['subject'], start_date: issue['start'], due_date: issue['due'],
      status_id: closed_on ? closed_status.id : open_status.id, priority_id: priority.id,
      author_id: admin.id, created_on: now, updated_on: now, closed_on: closed_on,
      done_ratio: 0, is_private: false, lock_version: 0,
      # A top-level issue is its own nested set's root.
      root_id: issue['id'], lft: 1, rgt: 2
    }
  end
  Issue.insert_all(rows)
end
# The ids were given: PostgreSQL's sequence must move past them (a no-op for SQLite).
conn = ActiveRecord::Base.connection
conn.reset_pk_sequence!('issues') if conn.respond_to?(:reset_pk_sequence!)

File.write(key_file, token.value + "\n")
puts JSON.generate(open: open_status.id, closed: closed_status.id, issues: Issue.count, projects: Project.count)
